import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { Meter } from '../../domain/meter.aggregate';
import { MeterRepository } from '../../domain/meter.repository';

const METER_COLUMNS = ['id', 'contract_number', 'account_number', 'water', 'factory_number', 'verification_date', 'state', 'last_reading_value', 'last_reading_date', 'last_reading_source', 'updated_at'].join(', ');

@Injectable()
export class MikroOrmMeterRepository extends MeterRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  findById(meterId: string): Promise<Meter | null> {
    return this.em.findOne(Meter, { id: meterId });
  }

  /**
   * SELECT … FOR UPDATE in id order (no deadlock between two submissions of one contract). Plain SQL
   * mapped to managed entities: this is the hot path of every submission, and the query builder costs
   * more CPU than the query itself.
   */
  async lockOfContract(contractNumber: string): Promise<Meter[]> {
    const rows = await this.em.getConnection().execute<Array<Record<string, unknown>>>(
      `select ${METER_COLUMNS} from meter where contract_number = ? order by id for update`,
      [contractNumber],
      'all',
      this.em.getTransactionContext(),
    );
    return rows.map((row) => this.em.map(Meter, row));
  }

  add(meter: Meter): void {
    this.em.persist(meter);
  }
}
