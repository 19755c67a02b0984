/** A back-office event already applied, keyed by the producer's event id (the BullMQ job id). */
export class InboundEvent {
  eventId!: string;
  type!: string;
  /** When it was applied (or found stale). */
  appliedAt!: Date;
  /** `applied`, or `stale`: skipped, its entity already had a newer revision (docs/integration.md, «Order»). */
  status!: 'applied' | 'stale';
  reason!: string | null;
}
