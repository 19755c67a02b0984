import type { DomainEvent } from '@app/shared-kernel';
import { rowPlaceholders } from '../unit-of-work/prepared-statements';
import { OutboxMessage } from './outbox-message';

const OUTBOX_COLUMNS = ['id', 'event_name', 'queue', 'payload', 'occurred_at', 'created_at', 'sent_at', 'attempts', 'last_error'];

/**
 * The events as outbox rows, in one statement, through `query` (the unit of work's transaction): what
 * a unit of work writes at its end for the aggregates it tracked and the events added to it.
 */
export async function insertOutboxMessages(query: (sql: string, params: unknown[]) => Promise<unknown>, events: DomainEvent[]): Promise<void> {
  const params = events.flatMap((event) => {
    const message = OutboxMessage.of(event);
    return [message.id, message.eventName, message.queue, JSON.stringify(message.payload), message.occurredAt, message.createdAt, message.sentAt, message.attempts, message.lastError];
  });
  await query(insertOutboxSql(events.length), params);
}

/** `count` outbox rows, their values in the order of OUTBOX_COLUMNS, one row after another. */
export function insertOutboxSql(count: number): string {
  return `insert into outbox_message (${OUTBOX_COLUMNS.join(', ')}) values ${rowPlaceholders(count, OUTBOX_COLUMNS.length)}`;
}
