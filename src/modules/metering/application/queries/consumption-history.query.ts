import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { addMonths, Clock, localMonthOf } from '@app/shared-kernel';
import { ConsumptionHistory, consumptionHistory, HISTORY_MONTHS, KnownReading } from '../../domain/consumption-history';
import type { MeterState, Water } from '../../domain/meter.aggregate';
import { MeteringErrors } from '../../domain/metering.errors';
import { ReadingValue } from '../../domain/reading-value';

export interface MeterConsumption {
  meterId: string;
  accountNumber: string;
  water: Water;
  factoryNumber: string | null;
  state: MeterState;
  history: ConsumptionHistory;
}

interface MeterRow {
  id: string;
  account_number: string;
  water: Water;
  factory_number: string | null;
  state: MeterState;
}

interface ReadingRow {
  date: string;
  value: string;
  source: string;
  factory_number: string | null;
}

/**
 * The consumption history page and GET /api/v1/meters/:meterId/consumption: one meter of the
 * contract, with the readings of the last HISTORY_MONTHS months and the one before them (the
 * cabinet's own, not rejected, and those the back office published), into the domain's
 * consumptionHistory. A meter that is not the contract's is METERING.METER_NOT_FOUND.
 */
@Injectable()
export class ConsumptionHistoryQuery {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async ofMeter(contractNumber: string, meterId: string): Promise<MeterConsumption> {
    const connection = this.em.getConnection();
    const [meter] = await connection.execute<MeterRow[]>(`select id, account_number, water, factory_number, state from meter where id = ? and contract_number = ?`, [meterId, contractNumber]);
    if (!meter) throw MeteringErrors.meterNotFound(meterId.slice(0, 100));
    const thisMonth = localMonthOf(this.clock.now());
    const since = `${addMonths(thisMonth, -HISTORY_MONTHS)}-01`;
    const own = await connection.execute<ReadingRow[]>(
      `select to_char(date, 'YYYY-MM-DD') as date, value::text as value, source, null as factory_number
         from meter_reading where meter_id = ? and contract_number = ? and status <> 'rejected' and date >= ?`,
      [meterId, contractNumber, since],
    );
    const published = await connection.execute<ReadingRow[]>(
      `select to_char(date, 'YYYY-MM-DD') as date, value::text as value, source, factory_number from meter_published_reading where meter_id = ? and date >= ?`,
      [meterId, since],
    );
    const known: KnownReading[] = [
      ...own.map((row) => ({ date: row.date, value: ReadingValue.of(row.value), source: row.source, origin: 'cabinet' as const, factoryNumber: null })),
      ...published.map((row) => ({ date: row.date, value: ReadingValue.of(row.value), source: row.source, origin: 'back-office' as const, factoryNumber: row.factory_number })),
    ];
    return {
      meterId: meter.id,
      accountNumber: meter.account_number,
      water: meter.water,
      factoryNumber: meter.factory_number,
      state: meter.state,
      history: consumptionHistory(known, thisMonth),
    };
  }
}
