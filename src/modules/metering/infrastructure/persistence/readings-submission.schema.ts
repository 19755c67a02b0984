import { EntitySchema } from '@mikro-orm/core';
import { ReadingsSubmission } from '../../domain/readings-submission.aggregate';

export const ReadingsSubmissionSchema = new EntitySchema<ReadingsSubmission>({
  class: ReadingsSubmission,
  tableName: 'readings_submission',
  forceConstructor: true,
  uniques: [{ name: 'readings_submission_key_unique', properties: ['contractNumber', 'idempotencyKey'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    contractNumber: { type: 'text' },
    idempotencyKey: { type: 'text' },
    fingerprint: { type: 'text' },
    source: { type: 'text' },
    submittedAt: { type: 'datetime' },
    readings: { type: 'json' },
  },
});
