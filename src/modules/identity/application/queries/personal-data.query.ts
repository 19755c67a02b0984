import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { ContractDirectory } from '@modules/billing';
import { SubscriberAccount } from '../../domain/subscriber-account.aggregate';

/** «Личные данные» (SPEC §1.4): who the subscriber is. */
export interface PersonalData {
  subscriberType: 'legal' | 'individual';
  name: string;
  login: string;
  iinBin: string;
  contractNumber: string;
  accounts: Array<{ accountNumber: string; recipient: string; tariffGroup: string }>;
  address: string;
  email: string;
  pendingEmail: string | null;
  invoiceByEmail: boolean;
  verificationReminders: boolean;
}

@Injectable()
export class PersonalDataQuery {
  constructor(
    private readonly em: EntityManager,
    private readonly contracts: ContractDirectory,
  ) {}

  async of(subscriberId: string): Promise<PersonalData | null> {
    const account = await this.em.fork().findOne(SubscriberAccount, { id: subscriberId });
    if (!account) return null;
    const contract =
      account.subscriberType === 'legal'
        ? await this.contracts.findContract(account.contractNumber)
        : await this.contracts.findContractOfAccount(account.accountNumber ?? account.contractNumber);
    return {
      subscriberType: account.subscriberType,
      name: account.name,
      login: account.login,
      iinBin: account.iinBin,
      contractNumber: account.contractNumber,
      accounts: contract?.accounts ?? (account.accountNumber ? [{ accountNumber: account.accountNumber, recipient: '', tariffGroup: '' }] : []),
      address: contract?.address ?? '',
      email: account.email,
      pendingEmail: account.pendingEmail,
      invoiceByEmail: account.invoiceByEmail,
      verificationReminders: account.verificationReminders,
    };
  }
}
