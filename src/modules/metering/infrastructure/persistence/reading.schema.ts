import { EntitySchema } from '@mikro-orm/core';
import { Reading } from '../../domain/reading.entity';

export const ReadingSchema = new EntitySchema<Reading>({
  class: Reading,
  tableName: 'meter_reading',
  forceConstructor: true,
  // One reading per meter and month, whatever the application does (double clicks, concurrent requests).
  uniques: [{ name: 'meter_reading_meter_period_unique', properties: ['meterId', 'period'] }],
  indexes: [
    { name: 'meter_reading_submission_idx', properties: ['submissionId'] },
    { name: 'meter_reading_contract_idx', properties: ['contractNumber', 'period'] },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    meterId: { type: 'text' },
    contractNumber: { type: 'text' },
    period: { type: 'text' },
    value: { type: 'decimal', precision: 11, scale: 3 },
    date: { type: 'date' },
    source: { type: 'text' },
    submissionId: { type: 'uuid' },
    status: { type: 'text', default: 'pending' },
    rejectionReason: { type: 'text', nullable: true },
    submittedAt: { type: 'datetime' },
    processedAt: { type: 'datetime', nullable: true },
  },
});
