import { Contract } from './contract.aggregate';
import { OpeningBalance } from './opening-balance';
import { Payment } from './payment';
import { PeriodCharges } from './period-charges';

/**
 * Ports of Billing's storage; adapters in infrastructure/persistence. A save writes in the caller's
 * transaction (the unit of work commits it); nothing is saved without one.
 */
export abstract class ContractRepository {
  /** The contract with its personal accounts, or null. */
  abstract find(contractNumber: string): Promise<Contract | null>;
  abstract exists(contractNumber: string): Promise<boolean>;
  /** For each given account number that belongs to some contract: account → contract number. */
  abstract ownersOf(accountNumbers: readonly string[]): Promise<Map<string, string>>;
  /**
   * Stores the contract and its accounts. An account that another contract holds (one committed by a
   * concurrent transaction after the caller's check) is left to it, and answered: account → the
   * contract holding it (empty when every account is this contract's). The caller refuses the contract
   * then (Contract.checkAccountsOwned), so its transaction keeps nothing.
   */
  abstract save(contract: Contract): Promise<Map<string, string>>;
}

export abstract class ChargesRepository {
  /** Replaces every line of the contract's period with the given ones, in the current transaction. */
  abstract replace(charges: PeriodCharges): Promise<void>;
}

export abstract class PaymentRepository {
  abstract find(paymentId: string): Promise<Payment | null>;
  /**
   * Stores the payment, new or corrected. One that another contract holds (recorded by a concurrent
   * transaction after the caller's find) is left to it, and its contract is answered (null when the
   * payment is this contract's), for the caller to refuse (Payment.checkHeldBy).
   */
  abstract save(payment: Payment): Promise<string | null>;
}

export abstract class OpeningBalanceRepository {
  abstract find(contractNumber: string): Promise<OpeningBalance | null>;
  abstract save(balance: OpeningBalance): Promise<void>;
}
