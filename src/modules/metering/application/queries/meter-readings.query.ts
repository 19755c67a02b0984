import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { Clock, localDateOf } from '@app/shared-kernel';
import { acceptsReadings, isWorking, latestEarlierReading, type MeterState, previousReadingOf, type Water } from '../../domain/meter.aggregate';
import type { ReadingSource, ReadingStatus } from '../../domain/reading.entity';
import { ReadingValue } from '../../domain/reading-value';

export interface ReadingView {
  /** "145.554" */
  value: string;
  /** "00000145.554", as the manual shows it */
  display: string;
  date: string;
  /** 'site' | 'api' for ours, the back office's code for its own */
  source: string;
}

export interface CurrentReadingView extends ReadingView {
  source: ReadingSource;
  submissionId: string;
  status: ReadingStatus;
  rejectionReason: string | null;
}

export interface HistoryRowView extends ReadingView {
  status: ReadingStatus | null;
  rejectionReason: string | null;
  /** m³ since the previous not-rejected reading in the list, "12.345"; null for the first or a rejected one */
  consumption: string | null;
}

export interface MeterView {
  meterId: string;
  accountNumber: string;
  water: Water;
  factoryNumber: string | null;
  verificationDate: string | null;
  state: MeterState;
  working: boolean;
  /** Whether the meter takes a reading today, by the Meter's own rules (acceptsReadings). */
  acceptsReadings: boolean;
  /** The latest reading before this month (ours or the back office's). */
  previous: ReadingView | null;
  /** This month's reading, if one was submitted. */
  current: CurrentReadingView | null;
  /** Last 12 readings, newest first, with the consumption between them. */
  history: HistoryRowView[];
}

export interface MeterReadingsView {
  period: string;
  today: string;
  meters: MeterView[];
  workingMeters: number;
}

interface MeterRow {
  id: string;
  account_number: string;
  water: Water;
  factory_number: string | null;
  verification_date: string | null;
  state: MeterState;
  last_reading_value: string | null;
  last_reading_date: string | null;
  last_reading_source: string | null;
}

interface ReadingRow {
  meter_id: string;
  period: string;
  value: string;
  date: string;
  source: ReadingSource;
  submission_id: string;
  status: ReadingStatus;
  rejection_reason: string | null;
}

const HISTORY = 12;

/** The readings page and GET /api/v1/meters: a contract's meters with their readings, in SQL. */
@Injectable()
export class MeterReadingsQuery {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async ofContract(contractNumber: string): Promise<MeterReadingsView> {
    const today = localDateOf(this.clock.now());
    const period = today.slice(0, 7);
    const connection = this.em.getConnection();
    const meters = await connection.execute<MeterRow[]>(
      `select id, account_number, water, factory_number, to_char(verification_date, 'YYYY-MM-DD') as verification_date, state,
              last_reading_value::text as last_reading_value, to_char(last_reading_date, 'YYYY-MM-DD') as last_reading_date, last_reading_source
         from meter where contract_number = ? order by (state = 'installed') desc, water = 'hot', id`,
      [contractNumber],
    );
    const readings = meters.length
      ? await connection.execute<ReadingRow[]>(
          `select meter_id, period, value::text as value, to_char(date, 'YYYY-MM-DD') as date, source, submission_id, status, rejection_reason
             from (select r.*, row_number() over (partition by meter_id order by period desc) as n
                     from meter_reading r where contract_number = ?) ranked
            where n <= ? order by meter_id, period desc`,
          [contractNumber, HISTORY + 1],
        )
      : [];
    const byMeter = new Map<string, ReadingRow[]>();
    for (const row of readings) byMeter.set(row.meter_id, [...(byMeter.get(row.meter_id) ?? []), row]);

    const views = meters.map((meter) => toMeterView(meter, byMeter.get(meter.id) ?? [], today));
    return { period, today, meters: views, workingMeters: views.filter((meter) => meter.working).length };
  }
}

function view(value: string, date: string, source: string): ReadingView {
  const amount = ReadingValue.of(value);
  return { value: amount.toString(), display: amount.toDisplay(), date, source };
}

function toMeterView(meter: MeterRow, own: ReadingRow[], today: string): MeterView {
  const period = today.slice(0, 7);
  const currentRow = own.find((row) => row.period === period) ?? null;
  const published = meter.last_reading_value !== null && meter.last_reading_date !== null ? view(meter.last_reading_value, meter.last_reading_date, meter.last_reading_source ?? '') : null;

  const earlierOwn = latestEarlierReading(period, own);
  const previous = previousReadingOf(period, published, earlierOwn && view(earlierOwn.value, earlierOwn.date, earlierOwn.source));

  // History: our readings, and the back office's last one when it is not one of ours.
  const rows: HistoryRowView[] = own.map((row) => ({ ...view(row.value, row.date, row.source), status: row.status, rejectionReason: row.rejection_reason, consumption: null }));
  if (published && !rows.some((row) => row.date === published.date && row.value === published.value)) {
    rows.push({ ...published, status: null, rejectionReason: null, consumption: null });
  }
  rows.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  for (let i = 0; i < rows.length; i += 1) {
    if (rows[i].status === 'rejected') continue;
    const older = rows.slice(i + 1).find((row) => row.status !== 'rejected');
    if (older) rows[i].consumption = ReadingValue.of(rows[i].value).minus(ReadingValue.of(older.value)).toString();
  }

  return {
    meterId: meter.id,
    accountNumber: meter.account_number,
    water: meter.water,
    factoryNumber: meter.factory_number,
    verificationDate: meter.verification_date,
    state: meter.state,
    working: isWorking(meter),
    acceptsReadings: acceptsReadings({ id: meter.id, state: meter.state, factoryNumber: meter.factory_number, verificationDate: meter.verification_date }, today, currentRow?.status ?? null),
    previous,
    current: currentRow
      ? { ...view(currentRow.value, currentRow.date, currentRow.source), source: currentRow.source, submissionId: currentRow.submission_id, status: currentRow.status, rejectionReason: currentRow.rejection_reason }
      : null,
    history: rows.slice(0, HISTORY),
  };
}
