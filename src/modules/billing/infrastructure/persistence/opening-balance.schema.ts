import { EntitySchema } from '@mikro-orm/core';
import { OpeningBalance } from '../../domain/opening-balance';
import { FixedDecimalType } from './fixed-decimal.type';

export const OpeningBalanceSchema = new EntitySchema<OpeningBalance>({
  class: OpeningBalance,
  tableName: 'opening_balance',
  properties: {
    contractNumber: { type: 'text', primary: true },
    date: { type: 'string', columnType: 'date' },
    amount: { type: new FixedDecimalType(14, 2), columnType: 'numeric(14,2)' },
  },
});
