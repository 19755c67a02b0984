import { addMonths, localMonthOf } from '@app/shared-kernel';
import { BillingErrors } from './billing.errors';

/**
 * Billing periods are calendar months, "YYYY-MM", of the utility's local time (the shared kernel's
 * local-time: "the previous month" is the same on every server).
 */
const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isPeriod(text: string): boolean {
  return PERIOD.test(text);
}

export function periodOf(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function yearMonthOf(period: string): { year: number; month: number } {
  const match = PERIOD.exec(period);
  if (!match) throw new Error(`"${period}" is not a period (YYYY-MM)`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

/** Month arithmetic is the shared kernel's (Metering's consumption history counts months too). */
export { addMonths };

/** The month before the one `now` falls in (in local time): what the breakdown opens on. */
export function previousPeriod(now: Date): string {
  return addMonths(localMonthOf(now), -1);
}

export function firstDayOf(period: string): string {
  return `${period}-01`;
}

export function lastDayOf(period: string): string {
  const { year, month } = yearMonthOf(period);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${period}-${String(days).padStart(2, '0')}`;
}

/** Every period from `from` to `to`, both included (empty when `to` is before `from`). */
export function periodsBetween(from: string, to: string): string[] {
  const periods: string[] = [];
  for (let period = from; period <= to; period = addMonths(period, 1)) periods.push(period);
  return periods;
}

/** The longest reconciliation statement, in months. */
export const MAX_STATEMENT_MONTHS = 60;

/** Refuses a range that ends before it starts or is longer than MAX_STATEMENT_MONTHS. */
export function checkStatementRange(from: string, to: string): void {
  if (to < from || periodsBetween(from, to).length > MAX_STATEMENT_MONTHS) throw BillingErrors.invalidPeriodRange(from, to, MAX_STATEMENT_MONTHS);
}
