import type { ContractUpserted } from '@app/messaging';
import { BillingErrors } from '../domain/billing.errors';

/** What other contexts may know of a contract: SPEC §4 `contract.upserted`, as last published. */
export type ContractView = ContractUpserted;

/** Billing's public facade for contracts and personal accounts (a DI token exported by BillingModule). */
export abstract class ContractDirectory {
  abstract findContract(contractNumber: string): Promise<ContractView | null>;
  /** The contract that holds the personal account (for an individual, the account's own contract). */
  abstract findContractOfAccount(accountNumber: string): Promise<ContractView | null>;

  /**
   * Billing's rule for what another context ties to a personal account of a contract (Metering's
   * meters): the contract must be known, or BILLING.CONTRACT_NOT_FOUND (the back office may publish it
   * later, so the inbound processor retries), and the account must be one of its accounts, or
   * BILLING.ACCOUNT_NOT_IN_CONTRACT naming `field`. Read in the caller's transaction.
   */
  async checkAccountOfContract(contractNumber: string, accountNumber: string, field = 'accountNumber'): Promise<void> {
    const contract = await this.findContract(contractNumber);
    if (!contract) throw BillingErrors.contractNotFound(contractNumber);
    if (!contract.accounts.some((account) => account.accountNumber === accountNumber)) throw BillingErrors.accountNotInContract(accountNumber, contractNumber, field);
  }
}
