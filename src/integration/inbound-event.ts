/** A back-office event already applied, keyed by the producer's event id (the BullMQ job id). */
export class InboundEvent {
  eventId!: string;
  type!: string;
  appliedAt!: Date;
}
