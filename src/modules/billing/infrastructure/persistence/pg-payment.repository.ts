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

  /**
   * Inserted, or corrected only for the contract that holds it (the conditional DO UPDATE): a payment
   * of this id that another contract holds, e.g. inserted by a concurrent transaction after our find
   * (the insert waits for it to commit), is left alone and its contract answered.
   */
  async save(payment: Payment): Promise<string | null> {
    const stored = await this.sql.query(
      `insert into payment (payment_id, contract_number, date, amount, document) values ($1, $2, $3, $4, $5)
       on conflict (payment_id) do update set date = excluded.date, amount = excluded.amount, document = excluded.document
         where payment.contract_number = excluded.contract_number
       returning payment_id`,
      [payment.paymentId, payment.contractNumber, payment.date, payment.amount.toString(), payment.document],
    );
    if (stored.length > 0) return null;
    const [holder] = await this.sql.query<{ contract_number: string }>('select contract_number from payment where payment_id = $1', [payment.paymentId]);
    return holder?.contract_number ?? null;
  }
}
