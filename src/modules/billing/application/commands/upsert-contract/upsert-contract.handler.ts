import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { BillingErrors } from '../../../domain/billing.errors';
import { ContractRepository } from '../../../domain/billing.repositories';
import { Contract } from '../../../domain/contract.aggregate';
import { UpsertContract } from './upsert-contract.command';

@CommandHandler(UpsertContract)
export class UpsertContractHandler implements ICommandHandler<UpsertContract, { changed: boolean }> {
  constructor(private readonly contracts: ContractRepository) {}

  async execute({ payload }: UpsertContract): Promise<{ changed: boolean }> {
    const { contractNumber, accounts, ...terms } = payload;
    const existing = await this.contracts.find(contractNumber);
    // Only accounts new to this contract can belong to another one (usually none: a revision).
    const added = accounts.filter((account) => !existing?.hasAccount(account.accountNumber));
    const owners = await this.contracts.ownersOf(added.map((account) => account.accountNumber));
    accounts.forEach((account, index) => {
      const owner = owners.get(account.accountNumber);
      if (owner !== undefined && owner !== contractNumber) throw BillingErrors.accountOfAnotherContract(account.accountNumber, owner, index);
    });
    if (!existing) {
      await this.contracts.save(Contract.open(contractNumber, { ...terms, accounts }));
      return { changed: true };
    }
    const changed = existing.revise({ ...terms, accounts });
    if (changed) await this.contracts.save(existing);
    return { changed };
  }
}
