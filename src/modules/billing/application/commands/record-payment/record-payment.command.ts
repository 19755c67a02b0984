import type { PaymentRecorded } from '@app/messaging';

/** Records (or corrects) a payment the back office received. */
export class RecordPayment {
  constructor(readonly payload: PaymentRecorded) {}
}
