import { Injectable } from '@nestjs/common';
import { PlainSql } from '@app/persistence';

/**
 * The back-office events already applied, by the producer's event id. Recording runs inside the
 * event's own transaction (or its batch's), so an event counts as applied exactly when its effects are
 * committed.
 */
@Injectable()
export class InboundEventLedger {
  constructor(private readonly sql: PlainSql) {}

  /** Records the events in one statement; answers the ids that were not applied before (the others are duplicates). */
  async recordAll(events: ReadonlyArray<{ eventId: string; type: string }>): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    const rows = await this.sql.query<{ event_id: string }>(
      `insert into inbound_event (event_id, type) select * from unnest($1::text[], $2::text[])
       on conflict (event_id) do nothing returning event_id`,
      [events.map((event) => event.eventId), events.map((event) => event.type)],
    );
    return new Set(rows.map((row) => row.event_id));
  }

  /** The event was skipped as stale (its entity already had a newer revision), in the same transaction. */
  async markStale(eventId: string, reason: string): Promise<void> {
    await this.sql.query(`update inbound_event set status = 'stale', reason = $2 where event_id = $1`, [eventId, reason]);
  }
}
