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
  abstract save(contract: Contract): Promise<void>;
}

export abstract class ChargesRepository {
  /** Replaces every line of the contract's period with the given ones, in the current transaction. */
  abstract replace(charges: PeriodCharges): Promise<void>;
}

export abstract class PaymentRepository {
  abstract find(paymentId: string): Promise<Payment | null>;
  abstract save(payment: Payment): Promise<void>;
}

export abstract class OpeningBalanceRepository {
  abstract find(contractNumber: string): Promise<OpeningBalance | null>;
  abstract save(balance: OpeningBalance): Promise<void>;
}
