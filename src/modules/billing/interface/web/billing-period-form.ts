import { addMonths, isPeriod, periodOf, yearMonthOf } from '../../domain/billing-period';

export interface PeriodPicker {
  months: Array<{ value: number; label: string; selected: boolean }>;
  years: Array<{ value: number; selected: boolean }>;
}

const FIRST_YEAR = 2000;

/**
 * Reads a month and a year from a query or form ("11", "2019") into a period, or undefined when they
 * are absent, or null when they are not a month we could have charges for.
 */
export function periodFrom(month: unknown, year: unknown, latest: string): string | null | undefined {
  if ((month === undefined || month === '') && (year === undefined || year === '')) return undefined;
  if (typeof month !== 'string' || typeof year !== 'string' || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return null;
  const monthNumber = Number(month);
  const yearNumber = Number(year);
  if (monthNumber < 1 || monthNumber > 12) return null;
  const period = periodOf(yearNumber, monthNumber);
  return isSelectable(period, latest) ? period : null;
}

/**
 * Reads a period written "YYYY-MM" (the API's `?period=`, `?from=`, `?to=`) by the rules of the pages'
 * selects: undefined when absent, null when it is not a month we could have charges for.
 */
export function periodParam(text: unknown, latest: string): string | null | undefined {
  if (text === undefined || text === '') return undefined;
  return typeof text === 'string' && isPeriod(text) && isSelectable(text, latest) ? text : null;
}

/** «Сверка взаиморасчетов» by default: the three months up to `latest`, or up to the asked end. */
export function statementRangeOf(from: string | undefined, to: string | undefined, latest: string): { from: string; to: string } {
  const end = to ?? latest;
  return { from: from ?? addMonths(end, -2), to: end };
}

/** A month from FIRST_YEAR to a year after `latest` (charges are published for months gone by). */
function isSelectable(period: string, latest: string): boolean {
  return isPeriod(period) && yearMonthOf(period).year >= FIRST_YEAR && period <= addMonths(latest, 12);
}

/** The month and year selects, with `period` selected; years from the first with charges to this one. */
export function periodPicker(period: string, monthName: (month: number) => string, today: string, firstYear: number | null): PeriodPicker {
  const { year, month } = yearMonthOf(period);
  const currentYear = yearMonthOf(today).year;
  const from = Math.min(firstYear ?? currentYear, year, currentYear - 5);
  const to = Math.max(currentYear, year);
  const years = [];
  for (let value = to; value >= from; value -= 1) years.push({ value, selected: value === year });
  return {
    months: Array.from({ length: 12 }, (_, index) => ({ value: index + 1, label: monthName(index + 1), selected: index + 1 === month })),
    years,
  };
}
