import { EntitySchema } from '@mikro-orm/core';
import { InboundEvent } from './inbound-event';

export const InboundEventSchema = new EntitySchema<InboundEvent>({
  class: InboundEvent,
  tableName: 'inbound_event',
  properties: {
    eventId: { type: 'text', primary: true },
    type: { type: 'text' },
    appliedAt: { type: 'datetime', defaultRaw: 'now()' },
    // applied, or stale: skipped because its entity already had a newer revision (reason says which).
    status: { type: 'text', default: 'applied' },
    reason: { type: 'text', nullable: true },
  },
});
