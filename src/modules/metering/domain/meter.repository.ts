import type { Meter } from './meter.aggregate';

/** Port: the meters of the cabinet. */
export abstract class MeterRepository {
  abstract findById(meterId: string): Promise<Meter | null>;
  /** The contract's meters, locked for the rest of the transaction (serialises its submissions). */
  abstract lockOfContract(contractNumber: string): Promise<Meter[]>;
  /**
   * Loads into these meters, in one round trip, the readings their rules need in `period` (Meter.loadReadings):
   * each one's reading of that month and its latest not-rejected reading of an earlier month. A reading
   * corrected afterwards is written back with the unit of work, as one added to ReadingRepository is.
   */
  abstract loadReadings(meters: Meter[], period: string): Promise<void>;
  /** The installed meters whose verification date lies between `from` and `to` ("YYYY-MM-DD", both included), in id order. */
  abstract withVerificationDateBetween(from: string, to: string): Promise<Meter[]>;
  /** Stores a meter, new or changed, at once: a command after it in the same transaction sees it. */
  abstract save(meter: Meter): Promise<void>;
}
