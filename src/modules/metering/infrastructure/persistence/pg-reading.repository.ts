import { Injectable } from '@nestjs/common';
import { CurrentUnitOfWork, PlainSql, rowPlaceholders, sameSnapshot, snapshotOf, UnitOfWork } from '@app/persistence';
import { Reading } from '../../domain/reading.entity';
import { ReadingRepository } from '../../domain/reading.repository';

/** The columns a reading may change in (mutableValues gives their values). */
const MUTABLE = ['value', 'date', 'source', 'submission_id', 'status', 'rejection_reason', 'submitted_at', 'processed_at'] as const;
const COLUMN_NAMES = ['id', 'meter_id', 'contract_number', 'period', ...MUTABLE];
const COLUMNS = COLUMN_NAMES.join(', ');
const PREFIXED_COLUMNS = COLUMN_NAMES.map((column) => `r.${column}`).join(', ');

@Injectable()
export class PgReadingRepository extends ReadingRepository {
  constructor(private readonly sql: PlainSql) {
    super();
  }

  /**
   * One query: per meter, this month's row and the latest not-rejected row of an earlier month, each
   * found through the (meter_id, period) key (the earlier one with LIMIT 1 per meter, however long its
   * history). The hot path of every submission: plain SQL built into plain Reading objects outside the
   * ORM's identity map, and at the end of the unit of work the ones changed meanwhile (corrections)
   * written back by primary key, together with the readings added (one INSERT).
   */
  async aroundPeriod(meterIds: string[], period: string): Promise<{ current: Reading[]; earlier: Reading[] }> {
    if (meterIds.length === 0) return { current: [], earlier: [] };
    const rows = await this.sql.query(aroundPeriodSql(meterIds.length), [period, ...meterIds]);
    const readings = this.loaded(rows.map(readingOf));
    return { current: readings.filter((reading) => reading.period === period), earlier: readings.filter((reading) => reading.period < period) };
  }

  /**
   * For the back office's verdict on a submission's reading: the meter's row locked first (a submission
   * of its contract takes the same lock before it reads or corrects the reading), then, in a statement
   * of its own so that it sees what a correction committed while we waited, the reading that submission
   * set. Written back at the end of the unit of work if it changed.
   */
  async lockOfSubmission(submissionId: string, meterId: string): Promise<Reading | null> {
    await this.sql.query(LOCK_METER, [meterId]);
    const rows = await this.sql.query(OF_SUBMISSION, [submissionId, meterId]);
    return this.loaded(rows.map(readingOf))[0] ?? null;
  }

  /** For a replayed submission's answer: its readings as they are now (not written back). */
  async ofSubmission(submissionId: string): Promise<Reading[]> {
    const rows = await this.sql.query(`select ${COLUMNS} from meter_reading where submission_id = $1`, [submissionId]);
    return rows.map(readingOf);
  }

  /** Written at the end of the unit of work (one INSERT for all the readings added). */
  add(reading: Reading): void {
    this.writesOf(UnitOfWork.current()).added.push(reading);
  }

  /** Readings as loaded, to be written back at the end of the unit of work if they change meanwhile. */
  private loaded(readings: Reading[]): Reading[] {
    const writes = this.writesOf(UnitOfWork.current());
    for (const reading of readings) writes.loaded.push({ reading, as: snapshot(reading) });
    return readings;
  }

  /** This unit of work's plain-SQL writes of readings, registered with it on first use. */
  private writesOf(unitOfWork: CurrentUnitOfWork): ReadingWrites {
    let writes = pendingWrites.get(unitOfWork.key);
    if (!writes) {
      const created: ReadingWrites = { loaded: [], added: [] };
      pendingWrites.set(unitOfWork.key, created);
      // Once written (at a flush or at the end), what is loaded or added afterwards is kept anew.
      unitOfWork.beforeFlush(() => {
        pendingWrites.delete(unitOfWork.key);
        return writeReadings(this.sql, created);
      });
      writes = created;
    }
    return writes;
  }
}

interface ReadingWrites {
  loaded: Array<{ reading: Reading; as: unknown[] }>;
  added: Reading[];
}

/**
 * aroundPeriod's statement for `count` meters: $1 the period, $2… the meter ids, one parameter each. Not
 * one array parameter: PostgreSQL plans a prepared statement afresh on every execution while its plan
 * for any parameter values (the generic plan) looks dearer than one for the values at hand, and over an
 * array of unknown length (taken for 10 rows) it always does, so each submission paid for planning this
 * query again. With one parameter per meter both plans cost the same, and the statement is planned once
 * per connection.
 */
export function aroundPeriodSql(count: number): string {
  const meters = Array.from({ length: count }, (_, i) => `$${i + 2}`);
  return `select ${COLUMNS} from meter_reading where period = $1 and meter_id in (${meters.join(', ')})
       union all
       select ${PREFIXED_COLUMNS} from (values ${meters.map((meter) => `(${meter}::text)`).join(', ')}) as m(meter)
        cross join lateral (
          select * from meter_reading where meter_id = m.meter and period < $1 and status <> 'rejected' order by period desc limit 1
        ) as r`;
}

/** Per unit of work (its key): the readings loaded (aroundPeriod, lockOfSubmission) and those added. */
const pendingWrites = new WeakMap<object, ReadingWrites>();

/** The meter's row, locked until the end of the transaction: $1 the meter id. */
const LOCK_METER = 'select id from meter where id = $1 for update';

/** A submission's reading of one meter: $1 the submission id, $2 the meter id. */
const OF_SUBMISSION = `select ${COLUMNS} from meter_reading where submission_id = $1 and meter_id = $2`;

/** A reading's MUTABLE columns ($1…) by its id (the last parameter). */
export const UPDATE_BY_ID = `update meter_reading set ${MUTABLE.map((column, i) => `${column} = $${i + 1}`).join(', ')} where id = $${MUTABLE.length + 1}`;

async function writeReadings(sql: PlainSql, writes: ReadingWrites): Promise<void> {
  // One UPDATE by primary key per corrected reading: one prepared statement, planned alike whatever the
  // table's statistics say (a join with a VALUES list was read in full when the table looked small).
  for (const entry of writes.loaded) {
    const { reading } = entry;
    const now = snapshot(reading);
    if (sameSnapshot(now, entry.as)) continue;
    await sql.query(UPDATE_BY_ID, [...mutableValues(reading), reading.id]);
    entry.as = now;
  }
  if (writes.added.length > 0) {
    const params = writes.added.flatMap((reading) => [reading.id, reading.meterId, reading.contractNumber, reading.period, ...mutableValues(reading)]);
    await sql.query(insertReadingsSql(writes.added.length), params);
    writes.added = [];
  }
}

/** `count` new readings, their values in the order of COLUMN_NAMES, one reading after another. */
export function insertReadingsSql(count: number): string {
  return `insert into meter_reading (${COLUMNS}) values ${rowPlaceholders(count, COLUMN_NAMES.length)}`;
}

function readingOf(row: Record<string, unknown>): Reading {
  const reading = new Reading();
  reading.id = row.id as string;
  reading.meterId = row.meter_id as string;
  reading.contractNumber = row.contract_number as string;
  reading.period = row.period as string;
  reading.value = row.value as string;
  reading.date = row.date as string;
  reading.source = row.source as Reading['source'];
  reading.submissionId = row.submission_id as string;
  reading.status = row.status as Reading['status'];
  reading.rejectionReason = (row.rejection_reason as string | null) ?? null;
  reading.submittedAt = new Date(row.submitted_at as string);
  reading.processedAt = row.processed_at === null || row.processed_at === undefined ? null : new Date(row.processed_at as string);
  return reading;
}

/** The values of the MUTABLE columns, in their order: the fields a reading may change in (Reading.correct and the back office's outcome). */
function mutableValues(reading: Reading): unknown[] {
  return [reading.value, reading.date, reading.source, reading.submissionId, reading.status, reading.rejectionReason, reading.submittedAt, reading.processedAt];
}

/** Those fields, to tell later which readings were changed. */
function snapshot(reading: Reading): unknown[] {
  return snapshotOf(mutableValues(reading));
}
