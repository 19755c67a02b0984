import { FixedDecimal } from '@app/shared-kernel';

const NBSP = '\u00a0';

/** Tenge to the tiyn, thousands grouped: "10 135.01", "-150.00". */
export function formatMoney(value: FixedDecimal): string {
  const [integer, fraction] = value.toString().split('.');
  const negative = integer.startsWith('-');
  const digits = negative ? integer.slice(1) : integer;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  return `${negative ? '-' : ''}${grouped}.${fraction ?? '00'}`;
}

/** A decimal without trailing zeros, as the manual prints tariffs, VAT and volumes: "197.02", "204.5", "12", "0". */
export function formatPlain(value: FixedDecimal): string {
  const text = value.toString();
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** "2026-10-05" → "05.10.2026". */
export function formatDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}.${month}.${year}`;
}

/** "2026-11-25T08:00:00Z" → "25.11.2026 13:00" in Kazakhstan time (UTC+5). */
export function formatMoment(moment: Date): string {
  const local = new Date(moment.getTime() + 5 * 3600 * 1000).toISOString();
  return `${formatDate(local.slice(0, 10))} ${local.slice(11, 16)}`;
}
