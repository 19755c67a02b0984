import { EntitySchema } from '@mikro-orm/core';
import { InboundRevision } from './inbound-revision';

export const InboundRevisionSchema = new EntitySchema<InboundRevision>({
  class: InboundRevision,
  tableName: 'inbound_revision',
  properties: {
    entity: { type: 'text', primary: true },
    key: { type: 'text', primary: true },
    revision: { type: 'bigint' },
    appliedAt: { type: 'datetime', defaultRaw: 'now()' },
  },
});
