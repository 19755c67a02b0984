import { FixedDecimal, formatGroupedDecimal, Locale } from '@app/shared-kernel';

/** Tenge to the tiyn, thousands grouped as the language writes them: "10 135.01" (ru, kk), "10,135.01" (en), "-150.00". */
export function formatMoney(value: FixedDecimal, locale: Locale): string {
  const text = value.toString();
  return formatGroupedDecimal(text.includes('.') ? text : `${text}.00`, locale);
}

/** A decimal without trailing zeros, as the manual prints tariffs, VAT and volumes: "197.02", "204.5", "12", "0". */
export function formatPlain(value: FixedDecimal): string {
  const text = value.toString();
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
