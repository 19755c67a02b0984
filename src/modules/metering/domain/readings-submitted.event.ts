import { DomainEvent } from '@app/shared-kernel';

/** The payload of SPEC §4 (the same shape as ReadingsSubmitted in libs/messaging/backoffice-contract.ts). */
export interface ReadingsSubmittedPayload {
  submissionId: string;
  contractNumber: string;
  submittedAt: string;
  source: 'site' | 'api';
  readings: Array<{ meterId: string; factoryNumber: string; water: 'cold' | 'hot'; value: string; date: string }>;
}

/** Outbound to the back office (queue backoffice-outbound): `readings.submitted`. */
export class ReadingsSubmitted extends DomainEvent<ReadingsSubmittedPayload> {
  readonly eventName = 'readings.submitted';

  constructor(private readonly payload: ReadingsSubmittedPayload, occurredAt: Date) {
    super(occurredAt);
  }

  toPrimitives(): ReadingsSubmittedPayload {
    return { ...this.payload, readings: this.payload.readings.map((reading) => ({ ...reading })) };
  }
}
