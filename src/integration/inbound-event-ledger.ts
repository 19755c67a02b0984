import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';

/**
 * The back-office events already applied, by the producer's event id. Recording runs inside the
 * event's own transaction, so an event counts as applied exactly when its effects are committed.
 */
@Injectable()
export class InboundEventLedger {
  constructor(private readonly em: EntityManager) {}

  /** Records the event; false when it was applied before (then nothing else must happen). */
  async record(eventId: string, type: string): Promise<boolean> {
    const result = await this.em.execute<{ affectedRows: number }>(
      'insert into inbound_event (event_id, type) values (?, ?) on conflict (event_id) do nothing',
      [eventId, type],
      'run',
    );
    return result.affectedRows === 1;
  }

  /** Records a batch's events in one statement; answers the ids that were not applied before. */
  async recordAll(events: ReadonlyArray<{ eventId: string; type: string }>): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    const rows = await this.em.execute<Array<{ event_id: string }>>(
      `insert into inbound_event (event_id, type) select * from unnest(array[?]::text[], array[?]::text[])
       on conflict (event_id) do nothing returning event_id`,
      [events.map((event) => event.eventId), events.map((event) => event.type)],
    );
    return new Set(rows.map((row) => row.event_id));
  }
}
