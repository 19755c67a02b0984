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
