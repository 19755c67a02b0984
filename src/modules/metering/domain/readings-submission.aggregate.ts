import { AggregateRoot, checkRule } from '@app/shared-kernel';
import { isWorking, type Meter } from './meter.aggregate';
import { MeteringErrors } from './metering.errors';
import type { Reading, ReadingSource, ReadingStatus } from './reading.entity';
import { ReadingsSubmitted } from './readings-submitted.event';

export interface SubmittedReading {
  meterId: string;
  value: string;
  date: string;
}

/**
 * Where a submitted reading stands now: the back office's verdict (pending until it comes), or
 * `superseded` when a later submission has corrected that meter's reading of the month since.
 */
export type SubmittedReadingStatus = ReadingStatus | 'superseded';

/**
 * One accepted "Передать показания": which readings it set, under which idempotency key. Raises
 * `readings.submitted`, written to the outbox in the same transaction as the readings. A retried
 * request with the same key finds this and gets the same answer.
 */
export class ReadingsSubmission extends AggregateRoot {
  id!: string;
  contractNumber!: string;
  idempotencyKey!: string;
  /** What was asked (meterId → typed value, normalised), to tell a retry from a different request. */
  fingerprint!: string;
  source!: ReadingSource;
  submittedAt!: Date;
  readings!: SubmittedReading[];

  /**
   * SPEC §2 rule 4: readings entered for only one meter while the contract has several working meters
   * are taken only once the subscriber has confirmed it (the page's dialog, the API's
   * confirmSingleMeter); «Отмена» registers nothing. Checked before anything is decided about the
   * readings, so it is asked even when the one value entered is the one already submitted.
   */
  static checkSingleMeterConfirmed(props: { enteredMeterIds: readonly string[]; contractMeters: readonly Meter[]; confirmed: boolean }): void {
    const working = props.contractMeters.filter(isWorking).length;
    checkRule({
      isBroken: () => props.enteredMeterIds.length === 1 && working > 1 && !props.confirmed,
      error: () => MeteringErrors.singleMeterConfirmationRequired(props.enteredMeterIds[0], working),
    });
  }

  /**
   * What a retry of this submission (the same idempotency key) is answered: each reading it set, with
   * its status now, from the meters' readings as they are (`current`: the readings this submission still
   * sets); a reading a later submission corrected is `superseded`.
   */
  statusesNow(current: readonly Reading[]): Array<SubmittedReading & { status: SubmittedReadingStatus }> {
    return this.readings.map((row) => {
      const reading = current.find((candidate) => candidate.meterId === row.meterId && candidate.submissionId === this.id);
      return { ...row, status: reading ? reading.status : 'superseded' };
    });
  }

  static record(props: {
    submissionId: string;
    contractNumber: string;
    idempotencyKey: string;
    fingerprint: string;
    source: ReadingSource;
    at: Date;
    readings: Array<{ meter: Meter; reading: Reading }>;
  }): ReadingsSubmission {
    const submission = new ReadingsSubmission();
    submission.id = props.submissionId;
    submission.contractNumber = props.contractNumber;
    submission.idempotencyKey = props.idempotencyKey;
    submission.fingerprint = props.fingerprint;
    submission.source = props.source;
    submission.submittedAt = props.at;
    submission.readings = props.readings.map(({ reading }) => ({ meterId: reading.meterId, value: reading.value, date: reading.date }));
    submission.raise(
      new ReadingsSubmitted(
        {
          submissionId: submission.id,
          contractNumber: submission.contractNumber,
          submittedAt: props.at.toISOString(),
          source: props.source,
          readings: props.readings.map(({ meter, reading }) => ({
            meterId: meter.id,
            factoryNumber: meter.factoryNumber ?? '',
            water: meter.water,
            value: reading.value,
            date: reading.date,
          })),
        },
        props.at,
      ),
    );
    return submission;
  }
}
