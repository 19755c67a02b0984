import type { ContractUpserted } from '@app/messaging';

/** What other contexts may know of a contract: SPEC §4 `contract.upserted`, as last published. */
export type ContractView = ContractUpserted;

/** Billing's public facade for contracts and personal accounts (a DI token exported by BillingModule). */
export abstract class ContractDirectory {
  abstract findContract(contractNumber: string): Promise<ContractView | null>;
  /** The contract that holds the personal account (for an individual, the account's own contract). */
  abstract findContractOfAccount(accountNumber: string): Promise<ContractView | null>;
}
