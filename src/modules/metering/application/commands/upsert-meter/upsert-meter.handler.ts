import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@app/shared-kernel';
import { Meter } from '../../../domain/meter.aggregate';
import { MeterRepository } from '../../../domain/meter.repository';
import { UpsertMeter } from './upsert-meter.command';

@CommandHandler(UpsertMeter)
export class UpsertMeterHandler implements ICommandHandler<UpsertMeter, { created: boolean }> {
  constructor(
    private readonly meters: MeterRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ payload }: UpsertMeter): Promise<{ created: boolean }> {
    const existing = await this.meters.findById(payload.meterId);
    if (existing) existing.apply(payload, this.clock.now());
    await this.meters.save(existing ?? Meter.register(payload, this.clock.now()));
    return { created: !existing };
  }
}
