/**
 * An exact decimal with a fixed number of fraction digits, held as a bigint of the smallest unit
 * (tiyn for money: scale 2; litres for volumes in m³: scale 3). Never a binary float.
 */
export class FixedDecimal {
  private constructor(
    readonly units: bigint,
    readonly scale: number,
  ) {}

  static ofUnits(units: bigint, scale: number): FixedDecimal {
    return new FixedDecimal(units, scale);
  }

  static zero(scale: number): FixedDecimal {
    return new FixedDecimal(0n, scale);
  }

  /**
   * Parses "123", "-123.4", "0.005" with at most `scale` fraction digits (and at most `maxIntegerDigits`
   * integer digits when given). Returns undefined for anything else: no rounding, no exponents.
   */
  static parse(text: string, scale: number, maxIntegerDigits?: number): FixedDecimal | undefined {
    const match = /^(-)?(\d+)(?:[.,](\d+))?$/.exec(text.trim());
    if (!match) return undefined;
    const [, sign, integer, fraction = ''] = match;
    if (fraction.length > scale) return undefined;
    if (maxIntegerDigits !== undefined && integer.replace(/^0+(?=\d)/, '').length > maxIntegerDigits) return undefined;
    const units = BigInt(integer + fraction.padEnd(scale, '0'));
    return new FixedDecimal(sign ? -units : units, scale);
  }

  private same(other: FixedDecimal): void {
    if (other.scale !== this.scale) throw new Error(`Scale mismatch: ${this.scale} and ${other.scale}`);
  }

  plus(other: FixedDecimal): FixedDecimal {
    this.same(other);
    return new FixedDecimal(this.units + other.units, this.scale);
  }

  minus(other: FixedDecimal): FixedDecimal {
    this.same(other);
    return new FixedDecimal(this.units - other.units, this.scale);
  }

  negate(): FixedDecimal {
    return new FixedDecimal(-this.units, this.scale);
  }

  compare(other: FixedDecimal): -1 | 0 | 1 {
    this.same(other);
    return this.units < other.units ? -1 : this.units > other.units ? 1 : 0;
  }

  equals(other: FixedDecimal): boolean {
    return this.scale === other.scale && this.units === other.units;
  }

  isNegative(): boolean {
    return this.units < 0n;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  /** "145.554", "-0.50", "12" (scale 0). */
  toString(): string {
    const negative = this.units < 0n;
    const digits = (negative ? -this.units : this.units).toString().padStart(this.scale + 1, '0');
    const integer = digits.slice(0, digits.length - this.scale);
    const fraction = digits.slice(digits.length - this.scale);
    return `${negative ? '-' : ''}${integer}${this.scale > 0 ? `.${fraction}` : ''}`;
  }

  /** Integer part zero-padded to `integerDigits`, as the manual shows readings: "00000145.554". */
  toPaddedString(integerDigits: number): string {
    const text = this.toString();
    const negative = text.startsWith('-');
    const [integer, fraction] = (negative ? text.slice(1) : text).split('.');
    return `${negative ? '-' : ''}${integer.padStart(integerDigits, '0')}${fraction !== undefined ? `.${fraction}` : ''}`;
  }
}
