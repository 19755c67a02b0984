import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainEvent } from '@app/shared-kernel';
import { CurrentUnitOfWork, rowPlaceholders } from '../unit-of-work';
import { toOutboxMessage } from './outbox.subscriber';

/**
 * Adds an event to the outbox of the current unit of work, for side effects that are not raised by an
 * aggregate (an e-mail request, a PDF request). It is written when the unit of work flushes.
 */
@Injectable()
export class Outbox {
  constructor(private readonly em: EntityManager) {}

  add(event: DomainEvent): void {
    this.em.persist(toOutboxMessage(event));
  }
}

/**
 * For repository adapters that write with plain SQL (see UnitOfWork.current): the events as outbox
 * rows, in one statement on the unit of work's transaction, exactly as the outbox subscriber would
 * write them in a flush.
 */
export async function insertOutboxMessages(unitOfWork: CurrentUnitOfWork, events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  const params = events.flatMap((event) => {
    const message = toOutboxMessage(event);
    return [message.id, message.eventName, message.queue, JSON.stringify(message.payload), message.occurredAt, message.createdAt, message.sentAt, message.attempts, message.lastError];
  });
  await unitOfWork.query(insertOutboxSql(events.length), params);
}

const OUTBOX_COLUMNS = ['id', 'event_name', 'queue', 'payload', 'occurred_at', 'created_at', 'sent_at', 'attempts', 'last_error'];

/** `count` outbox rows, their values in the order of OUTBOX_COLUMNS, one row after another. */
export function insertOutboxSql(count: number): string {
  return `insert into outbox_message (${OUTBOX_COLUMNS.join(', ')}) values ${rowPlaceholders(count, OUTBOX_COLUMNS.length)}`;
}
