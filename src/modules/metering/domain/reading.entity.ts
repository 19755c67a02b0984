import { randomUUID } from 'node:crypto';
import { MeteringErrors } from './metering.errors';
import { ReadingValue } from './reading-value';

export type ReadingSource = 'site' | 'api';
export type ReadingStatus = 'pending' | 'accepted' | 'rejected';

/** A reading the back office has accepted is processed: it can no longer be changed. */
export function isProcessed(status: ReadingStatus): boolean {
  return status === 'accepted';
}

/**
 * One meter's reading for one month: a row of its own (never a collection inside the Meter). Created
 * and corrected only through `Meter.submitReading`, which checks the rules; corrected in place while the
 * back office has not accepted it.
 */
export class Reading {
  id!: string;
  meterId!: string;
  contractNumber!: string;
  /** "YYYY-MM": one reading per meter and month (unique in the database). */
  period!: string;
  /** Decimal string with 3 fraction digits, e.g. "145.554". */
  value!: string;
  /** "YYYY-MM-DD", the day it was (last) submitted, in Kazakhstan. */
  date!: string;
  source!: ReadingSource;
  submissionId!: string;
  status: ReadingStatus = 'pending';
  rejectionReason: string | null = null;
  submittedAt!: Date;
  processedAt: Date | null = null;

  /** @internal use Meter.submitReading */
  static create(props: { meterId: string; contractNumber: string; value: ReadingValue; date: string; source: ReadingSource; submissionId: string; at: Date }): Reading {
    const reading = new Reading();
    reading.id = randomUUID();
    reading.meterId = props.meterId;
    reading.contractNumber = props.contractNumber;
    reading.period = props.date.slice(0, 7);
    reading.value = props.value.toString();
    reading.date = props.date;
    reading.source = props.source;
    reading.submissionId = props.submissionId;
    reading.submittedAt = props.at;
    return reading;
  }

  amount(): ReadingValue {
    return ReadingValue.of(this.value);
  }

  isProcessed(): boolean {
    return isProcessed(this.status);
  }

  /** Whether `typed` is this reading's value, written any way a subscriber may write it ("145,5", "00000145.500"). */
  holds(typed: string): boolean {
    try {
      return ReadingValue.parse(typed, this.meterId).equals(this.amount());
    } catch {
      return false;
    }
  }

  /** @internal use Meter.submitReading: a correction of this month's reading, pending again. */
  correct(props: { value: ReadingValue; date: string; source: ReadingSource; submissionId: string; at: Date }): void {
    if (this.isProcessed()) throw MeteringErrors.readingAlreadyProcessed(this.meterId);
    this.value = props.value.toString();
    this.date = props.date;
    this.source = props.source;
    this.submissionId = props.submissionId;
    this.submittedAt = props.at;
    this.status = 'pending';
    this.rejectionReason = null;
    this.processedAt = null;
  }

  /**
   * The back office's verdict on the submission that last set this reading. An outcome for an older
   * submission (the reading has since been corrected) changes nothing, nor does the same outcome twice.
   * Returns whether anything changed.
   */
  recordOutcome(submissionId: string, status: 'accepted' | 'rejected', reason: string | null, at: Date): boolean {
    if (submissionId !== this.submissionId) return false;
    const newReason = status === 'rejected' ? reason : null;
    if (this.status === status && this.rejectionReason === newReason) return false;
    this.status = status;
    this.rejectionReason = newReason;
    this.processedAt = at;
    return true;
  }
}
