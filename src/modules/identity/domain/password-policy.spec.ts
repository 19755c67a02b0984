import { PasswordEstimator, PasswordPolicy, PasswordWeakness } from './password-policy';

describe('PasswordPolicy', () => {
  /** A fake estimator: the weaknesses of a few passwords, and the user inputs it was given. */
  const weak: Record<string, PasswordWeakness> = { password123: 'common', йцукенгшщз: 'keyboard', zzzzzzzzzz: 'repeat', 'vk2666-2026': 'personal' };
  const given: Array<readonly unknown[]> = [];
  const estimate: PasswordEstimator = (password, inputs) => {
    given.push(inputs);
    return weak[password.toLowerCase()] ?? null;
  };
  const policy = new PasswordPolicy(estimate);
  const codes = (password: string, context = { login: 'vk2666', email: 'buh@example.kz' }) => policy.check(password, context).map((e) => e.code);

  it('accepts a long, uncommon password', () => {
    expect(codes('Тихий вечер над Иртышом')).toEqual([]);
  });

  it('wants at least 10 characters, counted as the user sees them', () => {
    expect(codes('Короткий9')).toEqual(['IDENTITY.PASSWORD_TOO_SHORT']);
    expect(codes('Десятьбукв')).toEqual([]);
  });

  it('allows at most 128 characters', () => {
    expect(codes('a'.repeat(128) + 'b')).toEqual(['IDENTITY.PASSWORD_TOO_LONG']);
    expect(codes('x'.repeat(64) + 'y'.repeat(64))).toEqual([]);
  });

  it('refuses the login and the e-mail, whatever the case', () => {
    expect(codes('VK2666vk26', { login: 'vk2666vk26', email: 'a@b.kz' })).toEqual(['IDENTITY.PASSWORD_EQUALS_LOGIN']);
    expect(codes('Buh@Example.kz')).toEqual(['IDENTITY.PASSWORD_EQUALS_EMAIL']);
  });

  it('refuses what the estimator finds weak, with a code for each reason', () => {
    expect(codes('PASSWORD123')).toEqual(['IDENTITY.PASSWORD_TOO_COMMON']);
    expect(codes('ЙЦУКЕНГШЩЗ')).toEqual(['IDENTITY.PASSWORD_KEYBOARD_PATTERN']);
    expect(codes('zzzzzzzzzz')).toEqual(['IDENTITY.PASSWORD_REPEATS']);
    expect(codes('vk2666-2026')).toEqual(['IDENTITY.PASSWORD_PERSONAL_DATA']);
  });

  it("gives the estimator the owner's login, e-mail, name and contract number", () => {
    given.length = 0;
    policy.check('Тихий вечер над Иртышом', { login: 'vk2666', email: 'buh@example.kz', name: 'ТОО «Ромашка»', contractNumber: '2666' });
    expect(given).toEqual([['vk2666', 'buh@example.kz', 'ТОО «Ромашка»', '2666']]);
  });

  it('names the field of each error, and checks the confirmation', () => {
    const errors = policy.checkWithConfirmation('Длинный-пароль-1', 'Длинный-пароль-2', {}, { password: 'newPassword', confirmation: 'newPasswordConfirmation' });
    expect(errors.map((e) => [e.code, e.details.field])).toEqual([['IDENTITY.PASSWORD_MISMATCH', 'newPasswordConfirmation']]);
    expect(policy.checkWithConfirmation('', '', {}).map((e) => e.details.field)).toEqual(['password', 'passwordConfirmation']);
  });
});
