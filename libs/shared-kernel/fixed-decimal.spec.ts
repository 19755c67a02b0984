import { FixedDecimal } from './fixed-decimal';

describe('FixedDecimal', () => {
  it('parses and prints exactly, without binary floating point', () => {
    expect(FixedDecimal.parse('0.1', 2)!.plus(FixedDecimal.parse('0.2', 2)!).toString()).toBe('0.30');
    expect(FixedDecimal.parse('145.554', 3)!.toString()).toBe('145.554');
    expect(FixedDecimal.parse('-12', 2)!.toString()).toBe('-12.00');
    expect(FixedDecimal.parse('12,5', 2)!.toString()).toBe('12.50');
  });

  it('refuses too many fraction digits, too many integer digits, exponents and junk', () => {
    expect(FixedDecimal.parse('1.2345', 3)).toBeUndefined();
    expect(FixedDecimal.parse('123456789.1', 3, 8)).toBeUndefined();
    expect(FixedDecimal.parse('00000145.554', 3, 8)!.toString()).toBe('145.554');
    expect(FixedDecimal.parse('1e3', 3)).toBeUndefined();
    expect(FixedDecimal.parse('abc', 3)).toBeUndefined();
    expect(FixedDecimal.parse('', 3)).toBeUndefined();
  });

  it('compares, subtracts and pads as the manual shows readings', () => {
    const a = FixedDecimal.parse('145.554', 3)!;
    const b = FixedDecimal.parse('100', 3)!;
    expect(a.compare(b)).toBe(1);
    expect(a.minus(b).toString()).toBe('45.554');
    expect(a.toPaddedString(8)).toBe('00000145.554');
    expect(() => a.plus(FixedDecimal.zero(2))).toThrow(/Scale mismatch/);
  });
});
