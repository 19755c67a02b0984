import type { Reading } from './reading.entity';

/** Port: readings, one row per meter and month. */
export abstract class ReadingRepository {
  /**
   * In one round trip: these meters' readings of `period`, and each meter's latest not-rejected reading
   * of an earlier month. For MeterRepository.loadReadings, which gives them to the meters' rules.
   */
  abstract aroundPeriod(meterIds: string[], period: string): Promise<{ current: Reading[]; earlier: Reading[] }>;
  abstract findOfSubmission(submissionId: string, meterId: string): Promise<Reading | null>;
  abstract add(reading: Reading): void;
}
