import type { KnownReading } from './consumption-history';

/**
 * Port: the readings the cabinet and the back office know of meters (the cabinet's own, not rejected,
 * and those the back office published), for the rules that weigh a reading against a meter's history.
 */
export abstract class KnownReadingRepository {
  /** Each meter's known readings taken on or after `since` ("YYYY-MM-DD"), by meter id (every id present). */
  abstract ofMeters(meterIds: readonly string[], since: string): Promise<Map<string, KnownReading[]>>;
}
