import type { BalanceOpened } from '@app/messaging';

/** Sets the balance a contract's ledger starts from (positive: the subscriber owes). */
export class OpenBalance {
  constructor(readonly payload: BalanceOpened) {}
}
