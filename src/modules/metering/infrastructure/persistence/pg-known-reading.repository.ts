import { Injectable } from '@nestjs/common';
import { PlainSql } from '@app/persistence';
import type { KnownReading } from '../../domain/consumption-history';
import { KnownReadingRepository } from '../../domain/known-reading.repository';
import { ReadingValue } from '../../domain/reading-value';

interface KnownRow {
  meter_id: string;
  date: string;
  value: string;
  source: string;
  origin: 'cabinet' | 'back-office';
  factory_number: string | null;
}

/**
 * The known readings of `count` meters since $1: one parameter per meter ($2…), as the submission's
 * other statements take them, so that each count of meters settles on one plan.
 */
export function knownReadingsSql(count: number): string {
  const meters = Array.from({ length: count }, (_, i) => `$${i + 2}`).join(', ');
  return `select meter_id, to_char(date, 'YYYY-MM-DD') as date, value::text as value, source, 'cabinet' as origin, null::text as factory_number
            from meter_reading where meter_id in (${meters}) and status <> 'rejected' and date >= $1::date
          union all
          select meter_id, to_char(date, 'YYYY-MM-DD') as date, value::text as value, source, 'back-office' as origin, factory_number
            from meter_published_reading where meter_id in (${meters}) and date >= $1::date`;
}

/** Plain SQL, in the submission's unit of work (SubmitReadings runs on plain SQL). */
@Injectable()
export class PgKnownReadingRepository extends KnownReadingRepository {
  constructor(private readonly sql: PlainSql) {
    super();
  }

  async ofMeters(meterIds: readonly string[], since: string): Promise<Map<string, KnownReading[]>> {
    const known = new Map<string, KnownReading[]>(meterIds.map((id) => [id, []]));
    if (meterIds.length === 0) return known;
    const rows = await this.sql.query<KnownRow>(knownReadingsSql(meterIds.length), [since, ...meterIds]);
    for (const row of rows) {
      known.get(row.meter_id)?.push({ date: row.date, value: ReadingValue.of(row.value), source: row.source, origin: row.origin, factoryNumber: row.factory_number });
    }
    return known;
  }
}
