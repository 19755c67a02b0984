import { Injectable } from '@nestjs/common';
import { placeholders, PlainSql, sameSnapshot, snapshotOf, UnitOfWork } from '@app/persistence';
import { Meter } from '../../domain/meter.aggregate';
import { MeterRepository } from '../../domain/meter.repository';
import { ReadingRepository } from '../../domain/reading.repository';

const METER_COLUMN_NAMES = ['id', 'contract_number', 'account_number', 'water', 'factory_number', 'verification_date', 'state', 'last_reading_value', 'last_reading_date', 'last_reading_source', 'updated_at'];
const METER_COLUMNS = METER_COLUMN_NAMES.join(', ');
const UPSERT = `insert into meter (${METER_COLUMNS}) values ${placeholders(0, METER_COLUMN_NAMES.length)}
  on conflict (id) do update set ${METER_COLUMN_NAMES.slice(1).map((column) => `${column} = excluded.${column}`).join(', ')}`;
/** A contract's meters, locked, in id order: $1 the contract number. */
export const LOCK_OF_CONTRACT = `select ${METER_COLUMNS} from meter where contract_number = $1 order by id for update`;

@Injectable()
export class PgMeterRepository extends MeterRepository {
  constructor(
    private readonly sql: PlainSql,
    private readonly readings: ReadingRepository,
  ) {
    super();
  }

  /** Plain SQL into a plain Meter (the back office's meter.upserted, in its batches). */
  async findById(meterId: string): Promise<Meter | null> {
    const [row] = await this.sql.query(`select ${METER_COLUMNS} from meter where id = $1`, [meterId]);
    return row ? UnitOfWork.current().track(meterOf(row)) : null;
  }

  /** Read only (the verification reminders): plain Meter objects, not tracked. */
  async withVerificationDateBetween(from: string, to: string): Promise<Meter[]> {
    const rows = await this.sql.query(`select ${METER_COLUMNS} from meter where verification_date between $1::date and $2::date and state = 'installed' order by id`, [from, to]);
    return rows.map(meterOf);
  }

  /**
   * SELECT … FOR UPDATE in id order (no deadlock between two submissions of one contract). Plain SQL
   * built into plain Meter objects, outside the ORM's identity map: this is the hot path of every
   * submission, which only reads the meters (and the ORM's mapping and change tracking cost more CPU
   * than the query). A meter locked here and then changed is a programming error, refused at the end
   * of the unit of work rather than silently not saved.
   */
  async lockOfContract(contractNumber: string): Promise<Meter[]> {
    const unitOfWork = UnitOfWork.current();
    const rows = await this.sql.query(LOCK_OF_CONTRACT, [contractNumber]);
    const meters = rows.map(meterOf);
    const loaded = meters.map((meter) => ({ meter, as: snapshot(meter) }));
    unitOfWork.beforeFlush(async () => {
      for (const { meter, as } of loaded) {
        if (meter.hasDomainEvents() || !sameSnapshot(snapshot(meter), as)) throw new Error(`Meter ${meter.id} was changed after lockOfContract, which only reads meters: load it with findById to change it`);
      }
    });
    return meters;
  }

  /**
   * The readings' own adapter reads them (aroundPeriod: one statement, and it writes back at the end
   * of the unit of work those corrected meanwhile); each meter picks its own.
   */
  async loadReadings(meters: Meter[], period: string): Promise<void> {
    const { current, earlier } = await this.readings.aroundPeriod(meters.map((meter) => meter.id), period);
    const loaded = [...current, ...earlier];
    for (const meter of meters) meter.loadReadings(period, loaded);
  }

  /** One statement, at once: inserted, or updated where it exists. */
  async save(meter: Meter): Promise<void> {
    UnitOfWork.current().track(meter);
    await this.sql.query(UPSERT, columnValues(meter));
  }
}

function meterOf(row: Record<string, unknown>): Meter {
  const meter = new Meter();
  meter.id = row.id as string;
  meter.contractNumber = row.contract_number as string;
  meter.accountNumber = row.account_number as string;
  meter.water = row.water as Meter['water'];
  meter.factoryNumber = (row.factory_number as string | null) ?? null;
  meter.verificationDate = (row.verification_date as string | null) ?? null;
  meter.state = row.state as Meter['state'];
  meter.lastReadingValue = (row.last_reading_value as string | null) ?? null;
  meter.lastReadingDate = (row.last_reading_date as string | null) ?? null;
  meter.lastReadingSource = (row.last_reading_source as string | null) ?? null;
  meter.updatedAt = new Date(row.updated_at as string);
  return meter;
}

/** The meter's values, in the order of METER_COLUMN_NAMES. */
function columnValues(meter: Meter): unknown[] {
  return [meter.id, meter.contractNumber, meter.accountNumber, meter.water, meter.factoryNumber, meter.verificationDate, meter.state, meter.lastReadingValue, meter.lastReadingDate, meter.lastReadingSource, meter.updatedAt];
}

/** The meter's values, to tell later whether it was changed. */
function snapshot(meter: Meter): unknown[] {
  return snapshotOf(columnValues(meter));
}
