import { EntitySchema } from '@mikro-orm/core';
import { ChargeLine } from '../../domain/charge-line';
import { FixedDecimalType } from './fixed-decimal.type';

export const ChargeLineSchema = new EntitySchema<ChargeLine>({
  class: ChargeLine,
  tableName: 'charge_line',
  properties: {
    contractNumber: { type: 'text', primary: true },
    period: { type: 'text', primary: true },
    accountNumber: { type: 'text', primary: true },
    service: { type: 'text', primary: true },
    recipient: { type: 'text' },
    tariffGroup: { type: 'text' },
    volume: { type: new FixedDecimalType(12, 3), columnType: 'numeric(12,3)' },
    tariff: { type: new FixedDecimalType(12, 4), columnType: 'numeric(12,4)' },
    vatRate: { type: new FixedDecimalType(4, 2), columnType: 'numeric(4,2)' },
    amount: { type: new FixedDecimalType(14, 2), columnType: 'numeric(14,2)' },
    position: { type: 'integer' },
  },
});
