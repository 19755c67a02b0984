import { AggregateRoot, IinBin } from '@app/shared-kernel';
import { BillingErrors } from './billing.errors';
import { PersonalAccount } from './personal-account';

export type SubscriberType = 'legal' | 'individual';

export interface ContractTerms {
  subscriberType: SubscriberType;
  iinBin: string;
  name: string;
  address: string;
  heatMeterInstalled: boolean;
  accounts: Array<{ accountNumber: string; recipient: string; tariffGroup: string }>;
}

/**
 * A contract (договор) as the back office publishes it: a legal entity's with one or more personal
 * accounts, or an individual's, whose number is its single personal account's number (SPEC §4).
 * Its accounts are rows of their own; the repository loads and stores them with the contract.
 */
export class Contract extends AggregateRoot {
  contractNumber!: string;
  subscriberType!: SubscriberType;
  iinBin!: string;
  name!: string;
  address!: string;
  heatMeterInstalled!: boolean;
  /** Not mapped on the contract row: loaded and saved by the repository. */
  accounts: PersonalAccount[] = [];

  static open(contractNumber: string, terms: ContractTerms): Contract {
    const contract = new Contract();
    contract.contractNumber = contractNumber;
    contract.revise(terms);
    return contract;
  }

  /** Applies the back office's current terms; returns whether anything changed. */
  revise(terms: ContractTerms): boolean {
    const iinBin = IinBin.of(terms.iinBin).value;
    this.checkAccounts(terms);
    const before = this.fingerprint();
    this.subscriberType = terms.subscriberType;
    this.iinBin = iinBin;
    this.name = terms.name;
    this.address = terms.address;
    this.heatMeterInstalled = terms.heatMeterInstalled;
    const existing = new Map(this.accounts.map((account) => [account.accountNumber, account]));
    this.accounts = terms.accounts.map((props, position) => {
      const account = existing.get(props.accountNumber);
      if (!account) return PersonalAccount.of(this.contractNumber, props, position);
      if (account.recipient !== props.recipient) account.recipient = props.recipient;
      if (account.tariffGroup !== props.tariffGroup) account.tariffGroup = props.tariffGroup;
      if (account.position !== position) account.position = position;
      return account;
    });
    return before !== this.fingerprint();
  }

  hasAccount(accountNumber: string): boolean {
    return this.accounts.some((account) => account.accountNumber === accountNumber);
  }

  /**
   * A personal account belongs to one contract: refuses the first of this contract's accounts that
   * `owners` (account number → the contract holding it) gives to another contract. Checked before the
   * contract is stored, with the owners read then, and again with what the database reports when it
   * stores the accounts (ContractRepository.save), so that two contracts claiming the same new account
   * at the same moment cannot both have it.
   */
  static checkAccountsOwned(contractNumber: string, accounts: ReadonlyArray<{ accountNumber: string }>, owners: ReadonlyMap<string, string>): void {
    accounts.forEach((account, index) => {
      const owner = owners.get(account.accountNumber);
      if (owner !== undefined && owner !== contractNumber) throw BillingErrors.accountOfAnotherContract(account.accountNumber, owner, index);
    });
  }

  private checkAccounts(terms: ContractTerms): void {
    if (terms.accounts.length === 0) throw BillingErrors.noAccounts();
    const seen = new Set<string>();
    terms.accounts.forEach((account, index) => {
      if (seen.has(account.accountNumber)) throw BillingErrors.duplicateAccount(account.accountNumber, index);
      seen.add(account.accountNumber);
    });
    if (terms.subscriberType === 'individual' && (terms.accounts.length !== 1 || terms.accounts[0].accountNumber !== this.contractNumber)) {
      throw BillingErrors.individualAccountMismatch(this.contractNumber);
    }
  }

  private fingerprint(): string {
    return JSON.stringify([
      this.subscriberType,
      this.iinBin,
      this.name,
      this.address,
      this.heatMeterInstalled,
      this.accounts.map((account) => [account.accountNumber, account.recipient, account.tariffGroup]),
    ]);
  }
}
