import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { BillingErrors } from '../../../domain/billing.errors';
import { ContractRepository, OpeningBalanceRepository } from '../../../domain/billing.repositories';
import { OpeningBalance } from '../../../domain/opening-balance';
import { OpenBalance } from './open-balance.command';

@CommandHandler(OpenBalance)
export class OpenBalanceHandler implements ICommandHandler<OpenBalance, void> {
  constructor(
    private readonly contracts: ContractRepository,
    private readonly balances: OpeningBalanceRepository,
  ) {}

  async execute({ payload }: OpenBalance): Promise<void> {
    if (!(await this.contracts.exists(payload.contractNumber))) throw BillingErrors.contractNotFound(payload.contractNumber);
    const existing = await this.balances.find(payload.contractNumber);
    if (existing) existing.restate(payload.date, payload.amount);
    await this.balances.save(existing ?? OpeningBalance.open(payload.contractNumber, payload.date, payload.amount));
  }
}
