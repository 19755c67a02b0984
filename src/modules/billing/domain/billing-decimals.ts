import { FixedDecimal } from '@app/shared-kernel';
import { BillingErrors } from './billing.errors';

/** The precisions Billing keeps (tenge to the tiyn, m³ to the litre, tariffs to 1/10000 tenge). */
export const SCALE = { money: 2, volume: 3, tariff: 4, vatRate: 2 } as const;
export const INTEGER_DIGITS = { money: 12, volume: 9, tariff: 8, vatRate: 2 } as const;

export function decimalOf(kind: keyof typeof SCALE, text: string, field: string): FixedDecimal {
  const parsed = FixedDecimal.parse(text, SCALE[kind], INTEGER_DIGITS[kind]);
  if (!parsed) throw BillingErrors.invalidAmount(field, text);
  return parsed;
}
