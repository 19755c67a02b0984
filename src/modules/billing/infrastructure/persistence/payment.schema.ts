import { EntitySchema } from '@mikro-orm/core';
import { Payment } from '../../domain/payment';
import { FixedDecimalType } from './fixed-decimal.type';

export const PaymentSchema = new EntitySchema<Payment>({
  class: Payment,
  tableName: 'payment',
  indexes: [{ name: 'payment_contract_date_idx', properties: ['contractNumber', 'date'] }],
  properties: {
    paymentId: { type: 'text', primary: true },
    contractNumber: { type: 'text' },
    date: { type: 'string', columnType: 'date' },
    amount: { type: new FixedDecimalType(14, 2), columnType: 'numeric(14,2)' },
    document: { type: 'text', nullable: true },
  },
});
