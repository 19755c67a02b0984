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

  static create(props: { id: string; eventName: string; queue: string; payload: Record<string, unknown>; occurredAt: Date }): OutboxMessage {
    const message = new OutboxMessage();
    Object.assign(message, props);
    return message;
  }
}
