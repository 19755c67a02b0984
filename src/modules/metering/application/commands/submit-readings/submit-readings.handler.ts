import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { Clock, DomainError, localMonthOf } from '@app/shared-kernel';
import { KnownReadingRepository } from '../../../domain/known-reading.repository';
import type { Meter } from '../../../domain/meter.aggregate';
import { MeterRepository } from '../../../domain/meter.repository';
import { MeteringErrors } from '../../../domain/metering.errors';
import type { Reading } from '../../../domain/reading.entity';
import { ReadingRepository } from '../../../domain/reading.repository';
import { ReadingsSubmission } from '../../../domain/readings-submission.aggregate';
import { ReadingsSubmissionRepository } from '../../../domain/readings-submission.repository';
import { checkUsualConsumption, knownReadingsSince, ReadingToWeigh } from '../../../domain/unusual-consumption';
import { SubmitReadings, SubmitReadingsResult } from './submit-readings.command';

/**
 * All or nothing: every entered row goes through its Meter's rules; if any is refused, every refused
 * row's error is raised together and nothing is written. The contract's meters are locked first, so
 * that concurrent submissions of one contract run one after another: the second of two identical
 * requests finds the first one's idempotency key (and the unique (meter_id, period) constraint backs
 * this up).
 */
@CommandHandler(SubmitReadings)
export class SubmitReadingsHandler implements ICommandHandler<SubmitReadings, SubmitReadingsResult> {
  constructor(
    private readonly meters: MeterRepository,
    private readonly readings: ReadingRepository,
    private readonly submissions: ReadingsSubmissionRepository,
    private readonly clock: Clock,
    private readonly knownReadings: KnownReadingRepository,
  ) {}

  async execute({ props }: SubmitReadings): Promise<SubmitReadingsResult> {
    const entered = enteredRows(props.readings);
    if (entered.length === 0) throw MeteringErrors.nothingEntered();
    const fingerprint = JSON.stringify(entered.map((row) => [row.meterId, row.value]));

    const meters = await this.meters.lockOfContract(props.contractNumber);
    const previousAttempt = await this.submissions.findByKey(props.contractNumber, props.idempotencyKey);
    if (previousAttempt) {
      if (previousAttempt.fingerprint !== fingerprint) throw MeteringErrors.idempotencyKeyReused();
      return {
        submissionId: previousAttempt.id,
        replayed: true,
        changed: true,
        readings: previousAttempt.statusesNow(await this.readings.ofSubmission(previousAttempt.id)),
      };
    }

    const now = this.clock.now();
    const byId = new Map(meters.map((meter) => [meter.id, meter]));
    const enteredMeters = entered.flatMap((row) => byId.get(row.meterId) ?? []);
    await this.meters.loadReadings(enteredMeters, localMonthOf(now));

    const submissionId = randomUUID();
    const errors: DomainError[] = [];
    const changed: Array<{ meter: Meter; reading: Reading; isNew: boolean }> = [];
    const unchanged: Reading[] = [];
    for (const row of entered) {
      const meter = byId.get(row.meterId);
      try {
        if (!meter) throw MeteringErrors.meterNotFound(row.meterId);
        const taken = meter.submitReading({ text: row.value, now, source: props.source, submissionId });
        if (taken.change === 'unchanged') unchanged.push(taken.reading);
        else changed.push({ meter, reading: taken.reading, isNew: taken.change === 'added' });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        errors.push(error);
      }
    }
    if (errors.length > 0) throw MeteringErrors.submissionRefused(errors);

    ReadingsSubmission.checkSingleMeterConfirmed({ enteredMeterIds: entered.map((row) => row.meterId), contractMeters: meters, confirmed: props.confirmSingleMeter });

    // Unusual consumptions are asked about last (a warning, not a refusal); the meters' history is read
    // only when the answer depends on it.
    const confirmedUnusual = props.confirmUnusual === true;
    checkUsualConsumption(confirmedUnusual || changed.length === 0 ? [] : await this.readingsToWeigh(changed, localMonthOf(now)), confirmedUnusual);

    if (changed.length === 0) {
      return {
        submissionId: unchanged[0].submissionId,
        replayed: false,
        changed: false,
        readings: unchanged.map(toResultRow),
      };
    }
    for (const { reading, isNew } of changed) if (isNew) this.readings.add(reading);
    this.submissions.add(
      ReadingsSubmission.record({
        submissionId,
        contractNumber: props.contractNumber,
        idempotencyKey: props.idempotencyKey,
        fingerprint,
        source: props.source,
        at: now,
        readings: changed.map(({ meter, reading }) => ({ meter, reading })),
      }),
    );
    return { submissionId, replayed: false, changed: true, readings: [...changed.map(({ reading }) => reading), ...unchanged].map(toResultRow) };
  }

  /** The new readings with what is known of their meters over the year before `period` and the month before it. */
  private async readingsToWeigh(taken: Array<{ meter: Meter; reading: Reading }>, period: string): Promise<ReadingToWeigh[]> {
    const known = await this.knownReadings.ofMeters(
      taken.map(({ meter }) => meter.id),
      knownReadingsSince(period),
    );
    return taken.map(({ meter, reading }) => ({ meterId: meter.id, factoryNumber: meter.factoryNumber, period, value: reading.amount(), known: known.get(meter.id) ?? [] }));
  }
}

/** The rows with a value, the last one winning when a meter appears twice, in meter order. */
function enteredRows(rows: Array<{ meterId: string; value: string }>): Array<{ meterId: string; value: string }> {
  const byMeter = new Map<string, string>();
  for (const row of rows) {
    const value = (row.value ?? '').trim();
    if (value !== '') byMeter.set(String(row.meterId), value);
    else byMeter.delete(String(row.meterId));
  }
  return [...byMeter].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([meterId, value]) => ({ meterId, value }));
}

function toResultRow(reading: Reading) {
  return { meterId: reading.meterId, value: reading.value, date: reading.date, status: reading.status };
}
