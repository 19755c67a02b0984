import type { Reading } from './reading.entity';

/** Port: readings, one row per meter and month. */
export abstract class ReadingRepository {
  /** The readings of these meters for one month. */
  abstract ofPeriod(meterIds: string[], period: string): Promise<Reading[]>;
  /** For each meter, its latest not-rejected reading of a month before `period`. */
  abstract latestBefore(meterIds: string[], period: string): Promise<Reading[]>;
  abstract findOfSubmission(submissionId: string, meterId: string): Promise<Reading | null>;
  abstract add(reading: Reading): void;
}
