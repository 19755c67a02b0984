import { FixedDecimal } from '@app/shared-kernel';
import { decimalOf } from './billing-decimals';

/** The balance a contract's ledger starts from, on a date; positive means the subscriber owes. */
export class OpeningBalance {
  contractNumber!: string;
  /** "YYYY-MM-DD". */
  date!: string;
  amount!: FixedDecimal;

  static open(contractNumber: string, date: string, amount: string): OpeningBalance {
    const balance = new OpeningBalance();
    balance.contractNumber = contractNumber;
    balance.restate(date, amount);
    return balance;
  }

  /** Publishing the opening balance again replaces it. */
  restate(date: string, amount: string): void {
    const value = decimalOf('money', amount, 'amount');
    if (this.date !== date) this.date = date;
    if (!this.amount || !this.amount.equals(value)) this.amount = value;
  }

  owes(): boolean {
    return this.amount.units > 0n;
  }
}
