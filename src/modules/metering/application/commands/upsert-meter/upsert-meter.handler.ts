import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@app/shared-kernel';
import { ContractDirectory } from '@modules/billing';
import { Meter } from '../../../domain/meter.aggregate';
import { MeterRepository } from '../../../domain/meter.repository';
import { PublishedReading } from '../../../domain/published-reading';
import { PublishedReadingRepository } from '../../../domain/published-reading.repository';
import { UpsertMeter } from './upsert-meter.command';

/**
 * Metering owns meters but not contracts: the meter's contract and personal account are checked by
 * Billing's rule (ContractDirectory.checkAccountOfContract) in the same transaction, first. The last
 * reading published with the meter is also kept among its readings by date (the consumption history).
 */
@CommandHandler(UpsertMeter)
export class UpsertMeterHandler implements ICommandHandler<UpsertMeter, { created: boolean }> {
  constructor(
    private readonly meters: MeterRepository,
    private readonly published: PublishedReadingRepository,
    private readonly contracts: ContractDirectory,
    private readonly clock: Clock,
  ) {}

  async execute({ payload }: UpsertMeter): Promise<{ created: boolean }> {
    await this.contracts.checkAccountOfContract(payload.contractNumber, payload.accountNumber);
    const existing = await this.meters.findById(payload.meterId);
    if (existing) existing.apply(payload, this.clock.now());
    const meter = existing ?? Meter.register(payload, this.clock.now());
    await this.meters.save(meter);
    const reading = meter.backOfficeReading();
    if (payload.lastReading && reading) {
      await this.published.record(PublishedReading.of({ meterId: meter.id, date: reading.date, value: reading.value.toString(), source: reading.source, factoryNumber: meter.factoryNumber, at: this.clock.now() }));
    }
    return { created: !existing };
  }
}
