import { SharedErrors } from './shared.errors';

const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

function weightedMod11(digits: number[], weights: number[]): number {
  let sum = 0;
  for (let i = 0; i < 11; i += 1) sum += digits[i] * weights[i];
  return sum % 11;
}

/**
 * An IIN (individual identification number) or BIN (business identification number) of Kazakhstan:
 * 12 digits, the last one a check digit (SPEC §1.1). The check digit is the weighted sum of the first
 * eleven digits with weights 1…11, mod 11; if that is 10, the weights 3…11, 1, 2 are used instead;
 * 10 again means the number cannot be valid.
 */
export class IinBin {
  private constructor(readonly value: string) {}

  /** The check digit for the first 11 digits, or undefined when no digit can make them valid. */
  static checkDigitOf(first11: string): number | undefined {
    if (!/^\d{11}$/.test(first11)) return undefined;
    const digits = [...first11].map(Number);
    let check = weightedMod11(digits, FIRST_WEIGHTS);
    if (check === 10) check = weightedMod11(digits, SECOND_WEIGHTS);
    return check === 10 ? undefined : check;
  }

  static isValid(text: string): boolean {
    if (typeof text !== 'string' || !/^\d{12}$/.test(text)) return false;
    return IinBin.checkDigitOf(text.slice(0, 11)) === Number(text[11]);
  }

  /** Parses 12 digits (surrounding spaces ignored); undefined when the shape or check digit is wrong. */
  static parse(text: string): IinBin | undefined {
    const trimmed = typeof text === 'string' ? text.trim() : '';
    return IinBin.isValid(trimmed) ? new IinBin(trimmed) : undefined;
  }

  /** Parses or throws `SHARED.INVALID_IIN_BIN`. */
  static of(text: string): IinBin {
    const parsed = IinBin.parse(text);
    if (!parsed) throw SharedErrors.invalidIinBin(text);
    return parsed;
  }

  /** Completes 11 digits with their check digit (for test data and demo data); throws when impossible. */
  static complete(first11: string): IinBin {
    const check = IinBin.checkDigitOf(first11);
    if (check === undefined) throw new Error(`No check digit makes "${first11}" a valid IIN/BIN`);
    return new IinBin(`${first11}${check}`);
  }

  equals(other: IinBin): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }
}
