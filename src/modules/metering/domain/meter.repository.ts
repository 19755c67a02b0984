import type { Meter } from './meter.aggregate';

/** Port: the meters of the cabinet. */
export abstract class MeterRepository {
  abstract findById(meterId: string): Promise<Meter | null>;
  /** The contract's meters, locked for the rest of the transaction (serialises its submissions). */
  abstract lockOfContract(contractNumber: string): Promise<Meter[]>;
  /** Stores a meter, new or changed, at once: a command after it in the same transaction sees it. */
  abstract save(meter: Meter): Promise<void>;
}
