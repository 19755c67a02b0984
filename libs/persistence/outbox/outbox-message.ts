import { outboxRouteOf } from '@app/messaging';
import type { DomainEvent } from '@app/shared-kernel';

/** One event waiting in PostgreSQL to be moved to its queue; written in the aggregate's transaction. */
export class OutboxMessage {
  id!: string;
  eventName!: string;
  queue!: string;
  payload!: Record<string, unknown>;
  occurredAt!: Date;
  createdAt: Date = new Date();
  sentAt: Date | null = null;
  attempts = 0;
  lastError: string | null = null;
  /** After a failed delivery: not tried again before this moment (the relay's backoff). */
  nextAttemptAt: Date | null = null;
  /** Set when the relay gave up after its last attempt (dead-lettered): staff may send it again. */
  parkedAt: Date | null = null;

  /** The event's row, on the queue its name is routed to (libs/messaging/queues.ts). */
  static of(event: DomainEvent): OutboxMessage {
    const queue = outboxRouteOf(event.eventName);
    if (!queue) throw new Error(`No outbox route for event "${event.eventName}": add it to libs/messaging/queues.ts`);
    return Object.assign(new OutboxMessage(), {
      id: event.eventId,
      eventName: event.eventName,
      queue,
      payload: { ...event.toPrimitives() } as Record<string, unknown>,
      occurredAt: event.occurredAt,
    });
  }
}
