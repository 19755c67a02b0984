import { DomainError } from './domain-error';
import { IinBin } from './iin-bin';

describe('IinBin', () => {
  it('accepts 12 digits whose last is the weighted sum of the first eleven (weights 1…11) mod 11', () => {
    // 1·1+2·2+…+11·1 style example computed by hand: 9 1 0 1 0 1 3 0 0 0 2 → 9+2+0+4+0+6+21+0+0+0+22 = 64 → 64 mod 11 = 9
    expect(IinBin.checkDigitOf('91010130002')).toBe(9);
    expect(IinBin.isValid('910101300029')).toBe(true);
    expect(IinBin.parse(' 910101300029 ')?.value).toBe('910101300029');
  });

  it('falls back to weights 3…11, 1, 2 when the first sum gives 10', () => {
    // First pass: 1·0+2·0+…+10·1+11·0 = 10 → fall back: weights 3..11,1,2 → 1·1 (10th weight) = 1
    expect(IinBin.checkDigitOf('00000000010')).toBe(1);
    expect(IinBin.isValid('000000000101')).toBe(true);
    expect(IinBin.isValid('000000000100')).toBe(false);
  });

  it('refuses numbers whose second pass gives 10 again, whatever the last digit', () => {
    const impossible = findImpossiblePrefix();
    expect(IinBin.checkDigitOf(impossible)).toBeUndefined();
    for (let digit = 0; digit <= 9; digit += 1) expect(IinBin.isValid(`${impossible}${digit}`)).toBe(false);
    expect(() => IinBin.complete(impossible)).toThrow(/No check digit/);
  });

  it('refuses a wrong check digit, wrong length and non-digits', () => {
    expect(IinBin.isValid('910101300028')).toBe(false);
    expect(IinBin.isValid('91010130002')).toBe(false);
    expect(IinBin.isValid('9101013000299')).toBe(false);
    expect(IinBin.isValid('91010130002a')).toBe(false);
    expect(IinBin.isValid('')).toBe(false);
  });

  it('throws a namespaced domain error from of() and completes 11 digits with their check digit', () => {
    expect(() => IinBin.of('123456789012')).toThrow(DomainError);
    try {
      IinBin.of('123456789012');
    } catch (error) {
      expect((error as DomainError).code).toBe('SHARED.INVALID_IIN_BIN');
    }
    const completed = IinBin.complete('91010130002');
    expect(completed.toString()).toBe('910101300029');
    expect(completed.equals(IinBin.of('910101300029'))).toBe(true);
  });
});

/** Some 11-digit prefix for which both passes give 10 (exists: searched, not guessed). */
function findImpossiblePrefix(): string {
  for (let n = 0; n < 10_000_000; n += 1) {
    const prefix = String(n).padStart(11, '0');
    const digits = [...prefix].map(Number);
    const first = digits.reduce((sum, d, i) => sum + d * (i + 1), 0) % 11;
    const second = digits.reduce((sum, d, i) => sum + d * [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2][i], 0) % 11;
    if (first === 10 && second === 10) return prefix;
  }
  throw new Error('none found');
}
