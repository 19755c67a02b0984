import type { ReadingSource } from '../../../domain/reading.entity';
import type { SubmittedReadingStatus } from '../../../domain/readings-submission.aggregate';

/**
 * «Передать показания»: the values a subscriber typed, per meter of their contract. All or nothing.
 * `idempotencyKey`: the hidden field of the rendered form or the API's Idempotency-Key header; a retry
 * with the same key and values gets the original result and changes nothing.
 */
export class SubmitReadings {
  constructor(
    readonly props: {
      contractNumber: string;
      source: ReadingSource;
      idempotencyKey: string;
      readings: Array<{ meterId: string; value: string }>;
      /** Readings for one meter while several are working must be confirmed (SPEC §2, rule 4). */
      confirmSingleMeter: boolean;
      /** Readings whose month's consumption is unusual must be confirmed (unusual-consumption.ts); not confirmed when absent. */
      confirmUnusual?: boolean;
    },
  ) {}
}

export interface SubmitReadingsResult {
  /** The submission that set these readings (the original one for a retry). */
  submissionId: string;
  /** True when this request repeated an earlier one (same idempotency key): nothing changed. */
  replayed: boolean;
  /** False when every value equalled this month's pending reading: no new submission was made. */
  changed: boolean;
  /**
   * Each reading with its status now: pending for a new submission; for a replay, the back office's
   * verdict once it came (accepted, rejected), or superseded when a later submission corrected it.
   */
  readings: Array<{ meterId: string; value: string; date: string; status: SubmittedReadingStatus }>;
}
