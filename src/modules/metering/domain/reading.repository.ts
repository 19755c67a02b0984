import type { Reading } from './reading.entity';

/** Port: readings, one row per meter and month. */
export abstract class ReadingRepository {
  /** The readings of these meters for one month. */
  abstract ofPeriod(meterIds: string[], period: string): Promise<Reading[]>;
  /** For each meter, its latest not-rejected reading of a month before `period`. */
  abstract latestBefore(meterIds: string[], period: string): Promise<Reading[]>;
  /** Both of the above in one round trip: this month's readings and each meter's latest earlier one. */
  async aroundPeriod(meterIds: string[], period: string): Promise<{ current: Reading[]; earlier: Reading[] }> {
    return { current: await this.ofPeriod(meterIds, period), earlier: await this.latestBefore(meterIds, period) };
  }
  abstract findOfSubmission(submissionId: string, meterId: string): Promise<Reading | null>;
  abstract add(reading: Reading): void;
}
