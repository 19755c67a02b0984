import { randomUUID } from 'node:crypto';

/**
 * Something that happened in a bounded context. Serialises to primitives under a stable,
 * versioned name (e.g. `readings.submitted`), which is what leaves through the outbox.
 */
export abstract class DomainEvent<P extends object = object> {
  readonly eventId: string;
  readonly occurredAt: Date;

  protected constructor(occurredAt: Date, eventId: string = randomUUID()) {
    this.eventId = eventId;
    this.occurredAt = occurredAt;
  }

  /** The stable name the event travels under, e.g. `readings.submitted`. */
  abstract readonly eventName: string;

  /** The payload as JSON-ready primitives (decimals as strings, dates as ISO strings). */
  abstract toPrimitives(): P;
}
