import { Injectable } from '@nestjs/common';
import { PlainSql } from '@app/persistence';
import { PaymentRepository } from '../../domain/billing.repositories';
import { decimalOf } from '../../domain/billing-decimals';
import { Payment } from '../../domain/payment';

/** Payments, as plain SQL in the caller's unit of work (the back office's payment.recorded). */
@Injectable()
export class PgPaymentRepository extends PaymentRepository {
  constructor(private readonly sql: PlainSql) {
    super();
  }

  async find(paymentId: string): Promise<Payment | null> {
    const [row] = await this.sql.query<{ payment_id: string; contract_number: string; date: string; amount: string; document: string | null }>(
      'select payment_id, contract_number, date, amount, document from payment where payment_id = $1',
      [paymentId],
    );
    if (!row) return null;
    const payment = new Payment();
    payment.paymentId = row.payment_id;
    payment.contractNumber = row.contract_number;
    payment.date = row.date;
    payment.amount = decimalOf('money', row.amount, 'amount');
    payment.document = row.document;
    return payment;
  }

  async save(payment: Payment): Promise<void> {
    await this.sql.query(
      `insert into payment (payment_id, contract_number, date, amount, document) values ($1, $2, $3, $4, $5)
       on conflict (payment_id) do update set date = excluded.date, amount = excluded.amount, document = excluded.document`,
      [payment.paymentId, payment.contractNumber, payment.date, payment.amount.toString(), payment.document],
    );
  }
}
