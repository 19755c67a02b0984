/**
 * The back-office integration contract, version 1 (SPEC §4): job name = event type, job data = payload.
 * Decimals travel as strings ("145.554"), dates as "YYYY-MM-DD", periods as "YYYY-MM".
 * Each inbound type has a JSON Schema in ./schemas, checked in full before anything is applied.
 */

export const INBOUND_EVENTS = [
  'contract.upserted',
  'meter.upserted',
  'charges.published',
  'payment.recorded',
  'balance.opened',
  'reading.processed',
] as const;
export type InboundEventType = (typeof INBOUND_EVENTS)[number];

export interface ContractUpserted {
  contractNumber: string;
  subscriberType: 'legal' | 'individual';
  iinBin: string;
  name: string;
  address: string;
  heatMeterInstalled: boolean;
  accounts: Array<{ accountNumber: string; recipient: string; tariffGroup: string }>;
}

export interface MeterUpserted {
  meterId: string;
  contractNumber: string;
  accountNumber: string;
  water: 'cold' | 'hot';
  factoryNumber: string | null;
  verificationDate: string | null;
  state: 'installed' | 'removed';
  lastReading?: { value: string; date: string; source: string };
}

export interface ChargesPublished {
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

export interface PaymentRecorded {
  paymentId: string;
  contractNumber: string;
  date: string;
  amount: string;
  document?: string;
}

export interface BalanceOpened {
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
