import { EntitySchema } from '@mikro-orm/core';
import { Meter } from '../../domain/meter.aggregate';

export const MeterSchema = new EntitySchema<Meter>({
  class: Meter,
  tableName: 'meter',
  // Loaded aggregates are built with their constructor, so that their private event list exists.
  forceConstructor: true,
  indexes: [{ name: 'meter_contract_number_idx', properties: ['contractNumber'] }],
  properties: {
    id: { type: 'text', primary: true },
    contractNumber: { type: 'text' },
    accountNumber: { type: 'text' },
    water: { type: 'text' },
    factoryNumber: { type: 'text', nullable: true },
    verificationDate: { type: 'date', nullable: true, index: 'meter_verification_date_idx' },
    state: { type: 'text' },
    lastReadingValue: { type: 'decimal', precision: 11, scale: 3, nullable: true },
    lastReadingDate: { type: 'date', nullable: true },
    lastReadingSource: { type: 'text', nullable: true },
    updatedAt: { type: 'datetime' },
  },
});
