import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { Reading } from '../../domain/reading.entity';
import { ReadingRepository } from '../../domain/reading.repository';

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

  findOfSubmission(submissionId: string, meterId: string): Promise<Reading | null> {
    return this.em.findOne(Reading, { submissionId, meterId });
  }

  add(reading: Reading): void {
    this.em.persist(reading);
  }
}
