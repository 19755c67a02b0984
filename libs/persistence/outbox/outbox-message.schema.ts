import { EntitySchema } from '@mikro-orm/core';
import { OutboxMessage } from './outbox-message';

export const OutboxMessageSchema = new EntitySchema<OutboxMessage>({
  class: OutboxMessage,
  tableName: 'outbox_message',
  indexes: [
    { name: 'outbox_message_pending_idx', expression: 'create index "outbox_message_pending_idx" on "outbox_message" ("created_at") where "sent_at" is null and "parked_at" is null' },
    { name: 'outbox_message_parked_idx', expression: 'create index "outbox_message_parked_idx" on "outbox_message" ("parked_at") where "parked_at" is not null' },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    eventName: { type: 'text' },
    queue: { type: 'text' },
    payload: { type: 'json' },
    occurredAt: { type: 'datetime' },
    createdAt: { type: 'datetime', defaultRaw: 'now()' },
    sentAt: { type: 'datetime', nullable: true },
    attempts: { type: 'integer', default: 0 },
    lastError: { type: 'text', nullable: true },
    nextAttemptAt: { type: 'datetime', nullable: true },
    parkedAt: { type: 'datetime', nullable: true },
  },
});
