import { FixedDecimal } from '@app/shared-kernel';
import { BillingErrors } from './billing.errors';
import { decimalOf } from './billing-decimals';

/** A payment the back office recorded against a contract; the back office's id makes it unique. */
export class Payment {
  paymentId!: string;
  contractNumber!: string;
  /** "YYYY-MM-DD". */
  date!: string;
  amount!: FixedDecimal;
  document!: string | null;

  static record(props: { paymentId: string; contractNumber: string; date: string; amount: string; document?: string | null }): Payment {
    const payment = new Payment();
    payment.paymentId = props.paymentId;
    payment.contractNumber = props.contractNumber;
    payment.correct(props);
    return payment;
  }

  /**
   * The rule of `correct` with what the database reports when it stores the payment: the contract that
   * holds a payment of this id, recorded meanwhile by another transaction (PaymentRepository.save).
   */
  static checkHeldBy(paymentId: string, contractNumber: string, holder: string | null): void {
    if (holder !== null && holder !== contractNumber) throw BillingErrors.paymentOfAnotherContract(paymentId, holder);
  }

  /** The back office may correct a recorded payment (same id); it never moves to another contract. */
  correct(props: { contractNumber: string; date: string; amount: string; document?: string | null }): void {
    if (props.contractNumber !== this.contractNumber) throw BillingErrors.paymentOfAnotherContract(this.paymentId, this.contractNumber);
    const amount = decimalOf('money', props.amount, 'amount');
    if (this.date !== props.date) this.date = props.date;
    if (!this.amount || !this.amount.equals(amount)) this.amount = amount;
    const document = props.document ?? null;
    if (this.document !== document) this.document = document;
  }
}
