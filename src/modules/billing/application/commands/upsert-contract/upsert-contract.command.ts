import type { ContractUpserted } from '@app/messaging';

/** Creates or revises a contract and its personal accounts as the back office published them. */
export class UpsertContract {
  constructor(readonly payload: ContractUpserted) {}
}
