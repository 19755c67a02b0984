import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { ContractRepository } from '../../domain/billing.repositories';
import { Contract } from '../../domain/contract.aggregate';
import { PersonalAccount } from '../../domain/personal-account';

@Injectable()
export class MikroOrmContractRepository extends ContractRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async find(contractNumber: string): Promise<Contract | null> {
    const contract = await this.em.findOne(Contract, { contractNumber });
    if (!contract) return null;
    contract.accounts = await this.em.find(PersonalAccount, { contractNumber }, { orderBy: { position: 'asc' } });
    return contract;
  }

  async exists(contractNumber: string): Promise<boolean> {
    const rows = await this.em.execute<Array<{ found: number }>>('select 1 as found from contract where contract_number = ?', [contractNumber]);
    return rows.length > 0;
  }

  async ownersOf(accountNumbers: readonly string[]): Promise<Map<string, string>> {
    if (accountNumbers.length === 0) return new Map();
    const rows = await this.em.execute<Array<{ account_number: string; contract_number: string }>>(
      `select account_number, contract_number from personal_account where account_number in (${accountNumbers.map(() => '?').join(', ')})`,
      [...accountNumbers],
    );
    return new Map(rows.map((row) => [row.account_number, row.contract_number]));
  }

  async save(contract: Contract): Promise<void> {
    const kept = contract.accounts.map((account) => account.accountNumber);
    await this.em.nativeDelete(PersonalAccount, { contractNumber: contract.contractNumber, accountNumber: { $nin: kept } });
    this.em.persist(contract);
    for (const account of contract.accounts) this.em.persist(account);
  }
}
