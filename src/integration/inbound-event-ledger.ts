import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { UnitOfWork } from '@app/persistence';

/**
 * The back-office events already applied, by the producer's event id. Recording runs inside the
 * event's own transaction (or its batch's), so an event counts as applied exactly when its effects are
 * committed.
 */
@Injectable()
export class InboundEventLedger {
  constructor(private readonly em: EntityManager) {}

  /** Records the event; false when it was applied before (then nothing else must happen). */
  async record(eventId: string, type: string): Promise<boolean> {
    return (await this.recordAll([{ eventId, type }])).has(eventId);
  }

  /** Records a batch's events in one statement; answers the ids that were not applied before. */
  async recordAll(events: ReadonlyArray<{ eventId: string; type: string }>): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    const rows = await UnitOfWork.current(this.em).query(
      `insert into inbound_event (event_id, type) select * from unnest($1::text[], $2::text[])
       on conflict (event_id) do nothing returning event_id`,
      [events.map((event) => event.eventId), events.map((event) => event.type)],
    );
    return new Set(rows.map((row) => String(row.event_id)));
  }
}
