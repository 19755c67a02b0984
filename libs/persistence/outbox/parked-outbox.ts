import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';

/** An outbox row the relay gave up on, as staff see it. */
export interface ParkedOutboxRow {
  id: string;
  eventName: string;
  queue: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  parkedAt: Date;
}

/**
 * The outbox rows the relay parked after its last attempt (OutboxRelay): how many, which, and sending
 * them again. A row sent again gets a full set of attempts and is claimed by the next relay batch.
 */
@Injectable()
export class ParkedOutbox {
  constructor(private readonly orm: MikroORM) {}

  async count(): Promise<number> {
    const [row] = await this.orm.em.getConnection().execute<{ count: string }[]>('select count(*) as count from outbox_message where parked_at is not null');
    return Number(row.count);
  }

  async list(limit = 200): Promise<ParkedOutboxRow[]> {
    const rows = await this.orm.em.getConnection().execute<Record<string, unknown>[]>(
      `select id, event_name, queue, attempts, last_error, created_at, parked_at from outbox_message
        where parked_at is not null order by parked_at, id limit ?`,
      [limit],
    );
    return rows.map((row) => ({
      id: row.id as string,
      eventName: row.event_name as string,
      queue: row.queue as string,
      attempts: Number(row.attempts),
      lastError: (row.last_error as string | null) ?? null,
      createdAt: new Date(row.created_at as string),
      parkedAt: new Date(row.parked_at as string),
    }));
  }

  /** Sends the given parked rows again (all of them without ids); returns how many were parked. */
  async resend(ids?: string[]): Promise<number> {
    if (ids !== undefined && ids.length === 0) return 0;
    const connection = this.orm.em.getConnection();
    const only = ids === undefined ? '' : ` and id in (${ids.map(() => '?').join(', ')})`;
    const result = await connection.execute<{ affectedRows: number }>(
      `update outbox_message set parked_at = null, next_attempt_at = null, attempts = 0 where parked_at is not null${only}`,
      ids ?? [],
      'run',
    );
    if (result.affectedRows > 0) await connection.execute(`select pg_notify('outbox', '')`);
    return result.affectedRows;
  }
}
