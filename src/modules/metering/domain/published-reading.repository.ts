import type { PublishedReading } from './published-reading';

/** Port: the back office's readings of meters, one per meter and date. */
export abstract class PublishedReadingRepository {
  /** Stores it in the current unit of work, or replaces the one of the same meter and date. */
  abstract record(reading: PublishedReading): Promise<void>;
}
