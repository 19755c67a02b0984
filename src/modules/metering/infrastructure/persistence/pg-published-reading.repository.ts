import { Injectable } from '@nestjs/common';
import { PlainSql } from '@app/persistence';
import type { PublishedReading } from '../../domain/published-reading';
import { PublishedReadingRepository } from '../../domain/published-reading.repository';

/**
 * One meter's reading of one date, inserted or replaced: $1 meter, $2 date, $3 value, $4 source, $5
 * factory number, $6 when. The same reading again leaves the row (and its publishedAt) as it was.
 */
export const UPSERT_PUBLISHED_READING = `insert into meter_published_reading (meter_id, date, value, source, factory_number, published_at) values ($1, $2, $3, $4, $5, $6)
  on conflict (meter_id, date) do update set value = excluded.value, source = excluded.source, factory_number = excluded.factory_number, published_at = excluded.published_at
  where (meter_published_reading.value, meter_published_reading.source, meter_published_reading.factory_number) is distinct from (excluded.value, excluded.source, excluded.factory_number)`;

/** Plain SQL in the current unit of work (UpsertMeter runs on plain SQL, in the back office's batches). */
@Injectable()
export class PgPublishedReadingRepository extends PublishedReadingRepository {
  constructor(private readonly sql: PlainSql) {
    super();
  }

  async record(reading: PublishedReading): Promise<void> {
    await this.sql.query(UPSERT_PUBLISHED_READING, [reading.meterId, reading.date, reading.value, reading.source, reading.factoryNumber, reading.publishedAt]);
  }
}
