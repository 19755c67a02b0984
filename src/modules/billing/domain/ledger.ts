import { FixedDecimal } from '@app/shared-kernel';
import { SCALE } from './billing-decimals';
import { firstDayOf, lastDayOf, periodsBetween } from './billing-period';

export interface LedgerEntries {
  /** The balance the ledger starts from (positive = the subscriber owes); none means zero from the start. */
  opening: { date: string; amount: FixedDecimal } | null;
  /** The total of each period's charge lines. */
  charges: ReadonlyArray<{ period: string; amount: FixedDecimal }>;
  payments: ReadonlyArray<{ date: string; amount: FixedDecimal }>;
}

export interface LedgerMonth {
  period: string;
  opening: FixedDecimal;
  charges: FixedDecimal;
  payments: FixedDecimal;
  closing: FixedDecimal;
}

export interface LedgerStatement {
  /** The first month shown: `from`, or the month the ledger starts in when that is later. */
  from: string;
  to: string;
  /** Whether the requested range began before the ledger starts (months before it are not shown). */
  clipped: boolean;
  opening: FixedDecimal;
  months: LedgerMonth[];
  charges: FixedDecimal;
  payments: FixedDecimal;
  closing: FixedDecimal;
}

const zero = () => FixedDecimal.zero(SCALE.money);
const sum = (amounts: Iterable<FixedDecimal>) => [...amounts].reduce((total, amount) => total.plus(amount), zero());

/**
 * A contract's settlements, exact to the tiyn: opening balance + charges − payments, where a positive
 * balance means the subscriber owes. The opening balance already holds everything before its date, so
 * the ledger counts only what comes after it: payments dated on or after it, and charges of periods
 * that end on or after it (a period's charges accrue at its end).
 */
export class Ledger {
  private readonly charges: ReadonlyArray<{ period: string; amount: FixedDecimal }>;
  private readonly payments: ReadonlyArray<{ date: string; amount: FixedDecimal }>;

  private constructor(private readonly opening: LedgerEntries['opening'], entries: LedgerEntries) {
    const start = opening?.date;
    this.charges = entries.charges.filter((charge) => start === undefined || lastDayOf(charge.period) >= start);
    this.payments = entries.payments.filter((payment) => start === undefined || payment.date >= start);
  }

  static of(entries: LedgerEntries): Ledger {
    return new Ledger(entries.opening, entries);
  }

  /** The date the ledger starts on, or null when it has no opening balance (it then starts at zero). */
  startsOn(): string | null {
    return this.opening?.date ?? null;
  }

  /** The first period the ledger covers, or null when it covers all time. */
  firstPeriod(): string | null {
    return this.opening ? this.opening.date.slice(0, 7) : null;
  }

  /** The latest period with published charges, or null. */
  lastChargedPeriod(): string | null {
    return this.charges.reduce<string | null>((latest, charge) => (latest === null || charge.period > latest ? charge.period : latest), null);
  }

  /** Everything published and recorded so far. */
  currentBalance(): FixedDecimal {
    return this.openingAmount().plus(sum(this.charges.map((c) => c.amount))).minus(sum(this.payments.map((p) => p.amount)));
  }

  /** The balance at the start of `period` (for the ledger's first month: the opening balance). */
  balanceBefore(period: string): FixedDecimal {
    const first = firstDayOf(period);
    const charged = this.charges.filter((charge) => charge.period < period).map((charge) => charge.amount);
    const paid = this.payments.filter((payment) => payment.date < first).map((payment) => payment.amount);
    return this.openingAmount().plus(sum(charged)).minus(sum(paid));
  }

  month(period: string): LedgerMonth {
    const opening = this.balanceBefore(period);
    const charges = sum(this.charges.filter((charge) => charge.period === period).map((charge) => charge.amount));
    const payments = sum(this.payments.filter((payment) => payment.date.slice(0, 7) === period).map((payment) => payment.amount));
    return { period, opening, charges, payments, closing: opening.plus(charges).minus(payments) };
  }

  /** A reconciliation statement for the months `from`..`to`. */
  statement(from: string, to: string): LedgerStatement {
    const first = this.firstPeriod();
    const start = first !== null && first > from ? first : from;
    const months = periodsBetween(start, to).map((period) => this.month(period));
    const opening = months.length > 0 ? months[0].opening : this.balanceBefore(start);
    const charges = sum(months.map((month) => month.charges));
    const payments = sum(months.map((month) => month.payments));
    return { from: start, to, clipped: start !== from, opening, months, charges, payments, closing: opening.plus(charges).minus(payments) };
  }

  private openingAmount(): FixedDecimal {
    return this.opening?.amount ?? zero();
  }
}
