import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { BillingErrors } from '../../../domain/billing.errors';
import { ContractRepository, PaymentRepository } from '../../../domain/billing.repositories';
import { Payment } from '../../../domain/payment';
import { RecordPayment } from './record-payment.command';

@CommandHandler(RecordPayment)
export class RecordPaymentHandler implements ICommandHandler<RecordPayment, void> {
  constructor(
    private readonly contracts: ContractRepository,
    private readonly payments: PaymentRepository,
  ) {}

  async execute({ payload }: RecordPayment): Promise<void> {
    if (!(await this.contracts.exists(payload.contractNumber))) throw BillingErrors.contractNotFound(payload.contractNumber);
    const existing = await this.payments.find(payload.paymentId);
    if (existing) existing.correct(payload);
    // The database has the last word: a payment of this id another transaction recorded meanwhile.
    Payment.checkHeldBy(payload.paymentId, payload.contractNumber, await this.payments.save(existing ?? Payment.record(payload)));
  }
}
