import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { Reading } from '../../domain/reading.entity';
import { ReadingRepository } from '../../domain/reading.repository';

const COLUMNS = ['id', 'meter_id', 'contract_number', 'period', 'value', 'date', 'source', 'submission_id', 'status', 'rejection_reason', 'submitted_at', 'processed_at'].join(', ');

@Injectable()
export class MikroOrmReadingRepository extends ReadingRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  ofPeriod(meterIds: string[], period: string): Promise<Reading[]> {
    if (meterIds.length === 0) return Promise.resolve([]);
    return this.em.find(Reading, { meterId: { $in: meterIds }, period }, { refresh: true });
  }

  async latestBefore(meterIds: string[], period: string): Promise<Reading[]> {
    if (meterIds.length === 0) return [];
    const rows = await this.em
      .createQueryBuilder(Reading, 'r')
      .select('r.*')
      .distinctOn(['r.meter_id'])
      .where({ meterId: { $in: meterIds }, period: { $lt: period }, status: { $ne: 'rejected' } })
      .orderBy({ meterId: 'asc', period: 'desc' })
      .getResultList();
    return rows;
  }

  /** One query: per meter, this month's row and the latest not-rejected row of an earlier month. */
  override async aroundPeriod(meterIds: string[], period: string): Promise<{ current: Reading[]; earlier: Reading[] }> {
    if (meterIds.length === 0) return { current: [], earlier: [] };
    const rows = await this.em.getConnection().execute<Array<Record<string, unknown>>>(
      `select ${COLUMNS} from (
         select r.*, row_number() over (partition by r.meter_id, r.period = ? order by r.period desc) as n
           from meter_reading r
          where r.meter_id in (${meterIds.map(() => '?').join(', ')}) and (r.period = ? or (r.period < ? and r.status <> 'rejected'))
       ) ranked where n = 1`,
      [period, ...meterIds, period, period],
      'all',
      this.em.getTransactionContext(),
    );
    const readings = rows.map((row) => this.em.map(Reading, row));
    return { current: readings.filter((reading) => reading.period === period), earlier: readings.filter((reading) => reading.period < period) };
  }

  findOfSubmission(submissionId: string, meterId: string): Promise<Reading | null> {
    return this.em.findOne(Reading, { submissionId, meterId });
  }

  add(reading: Reading): void {
    this.em.persist(reading);
  }
}
