import type { Reading } from './reading.entity';

/** Port: readings, one row per meter and month. */
export abstract class ReadingRepository {
  /**
   * In one round trip: these meters' readings of `period`, and each meter's latest not-rejected reading
   * of an earlier month. For MeterRepository.loadReadings, which gives them to the meters' rules.
   */
  abstract aroundPeriod(meterIds: string[], period: string): Promise<{ current: Reading[]; earlier: Reading[] }>;
  /**
   * The reading that submission set on that meter, if it is still the meter's reading of its month, for
   * the back office's verdict: the meter is locked first, as a submission of its contract locks it
   * (MeterRepository.lockOfContract), so that no correction of the reading can run between this read
   * and the verdict's write; the reading is then read as the last committed correction left it.
   */
  abstract lockOfSubmission(submissionId: string, meterId: string): Promise<Reading | null>;
  /** The readings that this submission set and that no later one has corrected since (read only). */
  abstract ofSubmission(submissionId: string): Promise<Reading[]>;
  abstract add(reading: Reading): void;
}
