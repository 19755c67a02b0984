/**
 * The back-office integration contract, version 1 (SPEC §4): job name = event type, job data = payload.
 * Decimals travel as strings ("145.554"), dates as "YYYY-MM-DD", periods as "YYYY-MM".
 * Each inbound type has a JSON Schema in ./schemas, checked in full before anything is applied.
 *
 * Ordering: every type but reading.processed may carry `revision`, a whole number the back office
 * raises each time it changes that entity (a contract with its accounts, a meter, a contract's period of
 * charges, a payment, a contract's opening balance). An event whose revision is not above the last one
 * applied to its entity is stale: skipped, and recorded as such (docs/integration.md, «Order»).
 */

/** The optional ordering field of the upsert-like events. */
export interface Revisioned {
  /** Monotonic per entity (1, 2, …, or a timestamp in a whole unit); absent: applied in arrival order. */
  revision?: number;
}

export const INBOUND_EVENTS = [
  'contract.upserted',
  'meter.upserted',
  'charges.published',
  'payment.recorded',
  'balance.opened',
  'reading.processed',
] as const;
export type InboundEventType = (typeof INBOUND_EVENTS)[number];

export interface ContractUpserted extends Revisioned {
  contractNumber: string;
  subscriberType: 'legal' | 'individual';
  iinBin: string;
  name: string;
  address: string;
  heatMeterInstalled: boolean;
  accounts: Array<{ accountNumber: string; recipient: string; tariffGroup: string }>;
}

export interface MeterUpserted extends Revisioned {
  meterId: string;
  contractNumber: string;
  accountNumber: string;
  water: 'cold' | 'hot';
  factoryNumber: string | null;
  verificationDate: string | null;
  state: 'installed' | 'removed';
  lastReading?: { value: string; date: string; source: string };
}

export interface ChargesPublished extends Revisioned {
  contractNumber: string;
  period: string;
  lines: Array<{
    accountNumber: string;
    recipient: string;
    tariffGroup: string;
    service: 'water' | 'sewerage';
    volume: string;
    tariff: string;
    vatRate: string;
    amount: string;
  }>;
}

export interface PaymentRecorded extends Revisioned {
  paymentId: string;
  contractNumber: string;
  date: string;
  amount: string;
  document?: string;
}

export interface BalanceOpened extends Revisioned {
  contractNumber: string;
  date: string;
  /** Positive: the subscriber owes. */
  amount: string;
}

export interface ReadingProcessed {
  submissionId: string;
  meterId: string;
  status: 'accepted' | 'rejected';
  reason?: string;
}

export interface InboundPayloads {
  'contract.upserted': ContractUpserted;
  'meter.upserted': MeterUpserted;
  'charges.published': ChargesPublished;
  'payment.recorded': PaymentRecorded;
  'balance.opened': BalanceOpened;
  'reading.processed': ReadingProcessed;
}

/** Outbound, queue backoffice-outbound. */
export interface ReadingsSubmitted {
  submissionId: string;
  contractNumber: string;
  submittedAt: string;
  source: 'site' | 'api';
  readings: Array<{ meterId: string; factoryNumber: string; water: 'cold' | 'hot'; value: string; date: string }>;
}
