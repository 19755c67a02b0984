import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ContractRepository } from '../../../domain/billing.repositories';
import { Contract } from '../../../domain/contract.aggregate';
import { UpsertContract } from './upsert-contract.command';

@CommandHandler(UpsertContract)
export class UpsertContractHandler implements ICommandHandler<UpsertContract, { changed: boolean }> {
  constructor(private readonly contracts: ContractRepository) {}

  async execute({ payload }: UpsertContract): Promise<{ changed: boolean }> {
    const { contractNumber, accounts, revision: _revision, ...terms } = payload;
    const existing = await this.contracts.find(contractNumber);
    // Only accounts new to this contract can belong to another one (usually none: a revision).
    const added = accounts.filter((account) => !existing?.hasAccount(account.accountNumber));
    Contract.checkAccountsOwned(contractNumber, accounts, await this.contracts.ownersOf(added.map((account) => account.accountNumber)));
    const contract = existing ?? Contract.open(contractNumber, { ...terms, accounts });
    const changed = existing ? existing.revise({ ...terms, accounts }) : true;
    if (!changed) return { changed };
    // The database has the last word: an account another transaction gave to its contract meanwhile.
    Contract.checkAccountsOwned(contractNumber, accounts, await this.contracts.save(contract));
    return { changed };
  }
}
