import { DomainError, IinBin } from '@app/shared-kernel';
import { parseEmail } from './email-address';
import { loginFor, normalizeLogin, parseContractNumber } from './subscriber-login';

describe('login rule', () => {
  it('makes a legal entity\'s login from its contract number with the prefix vk (contract «123» → «vk123»)', () => {
    expect(loginFor('legal', '123')).toBe('vk123');
    expect(loginFor('legal', ' 2666 ')).toBe('vk2666');
  });

  it('uses the personal account number as an individual\'s login', () => {
    expect(loginFor('individual', '04008220')).toBe('04008220');
  });

  it('compares logins without case or surrounding spaces', () => {
    expect(normalizeLogin('  VK2666 ')).toBe('vk2666');
  });

  it('refuses a missing or malformed contract number with the field it belongs to', () => {
    const missing = parseContractNumber('  ', 'contractNumber') as DomainError;
    expect([missing.code, missing.details.field]).toEqual(['IDENTITY.FIELD_REQUIRED', 'contractNumber']);
    expect((parseContractNumber('12 34', 'accountNumber') as DomainError).code).toBe('IDENTITY.NUMBER_INVALID');
    expect(parseContractNumber(' 2666 ', 'contractNumber')).toBe('2666');
  });
});

describe('IIN/BIN as registration checks it', () => {
  it('accepts 12 digits with the right check digit, and refuses a wrong check digit', () => {
    expect(IinBin.parse('190340012348')?.value).toBe('190340012348');
    expect(IinBin.parse('190340012349')).toBeUndefined();
    expect(IinBin.parse('19034001234')).toBeUndefined();
  });

  it('uses the second weights when the first give 10', () => {
    // 11 digits whose first weighted sum is 10 mod 11: the check digit comes from weights 3…11, 1, 2.
    const first11 = '00000000010';
    const completed = IinBin.complete(first11);
    expect(completed.value.slice(0, 11)).toBe(first11);
    expect(IinBin.isValid(completed.value)).toBe(true);
  });
});

describe('e-mail address', () => {
  it('keeps the local part and lowers the domain', () => {
    expect(parseEmail(' Buh@Example.KZ ')).toBe('Buh@example.kz');
  });

  it('refuses what is not an address', () => {
    expect((parseEmail('buh@') as DomainError).code).toBe('IDENTITY.EMAIL_INVALID');
    expect((parseEmail('') as DomainError).code).toBe('IDENTITY.FIELD_REQUIRED');
  });
});
