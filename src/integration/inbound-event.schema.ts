import { EntitySchema } from '@mikro-orm/core';
import { InboundEvent } from './inbound-event';

export const InboundEventSchema = new EntitySchema<InboundEvent>({
  class: InboundEvent,
  tableName: 'inbound_event',
  properties: {
    eventId: { type: 'text', primary: true },
    type: { type: 'text' },
    appliedAt: { type: 'datetime', defaultRaw: 'now()' },
  },
});
