import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { ChargesRepository } from '../../domain/billing.repositories';
import { ChargeLine } from '../../domain/charge-line';
import { PeriodCharges } from '../../domain/period-charges';

@Injectable()
export class MikroOrmChargesRepository extends ChargesRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async replace(charges: PeriodCharges): Promise<void> {
    await this.em.nativeDelete(ChargeLine, { contractNumber: charges.contractNumber, period: charges.period });
    for (const line of charges.lines) this.em.persist(line);
  }
}
