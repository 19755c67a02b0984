import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { OpeningBalanceRepository, PaymentRepository } from '../../domain/billing.repositories';
import { OpeningBalance } from '../../domain/opening-balance';
import { Payment } from '../../domain/payment';

@Injectable()
export class MikroOrmPaymentRepository extends PaymentRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  find(paymentId: string): Promise<Payment | null> {
    return this.em.findOne(Payment, { paymentId });
  }

  save(payment: Payment): void {
    this.em.persist(payment);
  }
}

@Injectable()
export class MikroOrmOpeningBalanceRepository extends OpeningBalanceRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  find(contractNumber: string): Promise<OpeningBalance | null> {
    return this.em.findOne(OpeningBalance, { contractNumber });
  }

  save(balance: OpeningBalance): void {
    this.em.persist(balance);
  }
}
