import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Meter } from '../../domain/meter.aggregate';
import { MeterRepository } from '../../domain/meter.repository';

@Injectable()
export class MikroOrmMeterRepository extends MeterRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  findById(meterId: string): Promise<Meter | null> {
    return this.em.findOne(Meter, { id: meterId });
  }

  /** SELECT … FOR UPDATE in id order (no deadlock between two submissions of one contract). */
  lockOfContract(contractNumber: string): Promise<Meter[]> {
    return this.em.find(Meter, { contractNumber }, { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  }

  add(meter: Meter): void {
    this.em.persist(meter);
  }
}
