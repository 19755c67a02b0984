import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { BillingErrors } from '../../../domain/billing.errors';
import { ChargesRepository, ContractRepository } from '../../../domain/billing.repositories';
import { PeriodCharges } from '../../../domain/period-charges';
import { PublishCharges } from './publish-charges.command';

@CommandHandler(PublishCharges)
export class PublishChargesHandler implements ICommandHandler<PublishCharges, void> {
  constructor(
    private readonly contracts: ContractRepository,
    private readonly charges: ChargesRepository,
  ) {}

  async execute({ payload }: PublishCharges): Promise<void> {
    const contract = await this.contracts.find(payload.contractNumber);
    if (!contract) throw BillingErrors.contractNotFound(payload.contractNumber);
    await this.charges.replace(PeriodCharges.publish(contract, payload.period, payload.lines));
  }
}
