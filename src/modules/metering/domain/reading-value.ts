import { FixedDecimal } from '@app/shared-kernel';
import { MeteringErrors } from './metering.errors';

export const READING_SCALE = 3;
export const READING_INTEGER_DIGITS = 8;

/**
 * A meter reading in m³: at most 8 integer and 3 decimal digits, never negative, exact (FixedDecimal).
 * Shown as the manual does, zero-padded: "00000145.554".
 */
export class ReadingValue {
  private constructor(readonly amount: FixedDecimal) {}

  /** Parses what a subscriber typed ("145.554", "145,554", "00000145.554"); refuses anything else. */
  static parse(text: string, meterId: string): ReadingValue {
    const trimmed = text.trim();
    if (!/^[+-]?\d+(?:[.,]\d+)?$/.test(trimmed)) throw MeteringErrors.readingNotANumber(meterId);
    if (trimmed.startsWith('-')) {
      if (/[1-9]/.test(trimmed)) throw MeteringErrors.readingNegative(meterId);
    }
    const unsigned = trimmed.replace(/^[+-]/, '');
    const amount = FixedDecimal.parse(unsigned, READING_SCALE, READING_INTEGER_DIGITS);
    if (!amount) throw MeteringErrors.readingTooManyDigits(meterId);
    return new ReadingValue(amount);
  }

  /** A value already stored (numeric string from the database or the back office). */
  static of(stored: string): ReadingValue {
    const amount = FixedDecimal.parse(stored, READING_SCALE);
    if (!amount) throw new Error(`Stored reading "${stored}" is not a decimal with at most ${READING_SCALE} digits`);
    return new ReadingValue(amount);
  }

  isLowerThan(other: ReadingValue): boolean {
    return this.amount.compare(other.amount) < 0;
  }

  equals(other: ReadingValue): boolean {
    return this.amount.equals(other.amount);
  }

  minus(other: ReadingValue): FixedDecimal {
    return this.amount.minus(other.amount);
  }

  /** "145.554" */
  toString(): string {
    return this.amount.toString();
  }

  /** "00000145.554" */
  toDisplay(): string {
    return this.amount.toPaddedString(READING_INTEGER_DIGITS);
  }
}
