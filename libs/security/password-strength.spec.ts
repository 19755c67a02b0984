import { ZxcvbnPasswordStrength } from './password-strength';

describe('ZxcvbnPasswordStrength', () => {
  const strength = new ZxcvbnPasswordStrength(['йцукенгшщз']);
  const inputs = ['vk2666', 'buh@example.kz', 'ТОО «Ромашка»', '2666'];

  it.each([
    ['ten spaces', '          '],
    ['one letter ten times', 'zzzzzzzzzz'],
    ['nine ones and a two', '1111111112'],
    ['ten dots', '..........'],
    ['a keyboard walk', 'qwertyuiop'],
    ['a local common password', 'йцукенгшщз'],
  ])('refuses %s', (_what, password) => {
    expect(strength.weakness(password, inputs)).not.toBeNull();
  });

  it('refuses the login itself and the e-mail with something added, as personal data', () => {
    expect(strength.weakness('vk2666', inputs)).toBe('personal');
    expect(strength.weakness('buh@example.kz1', inputs)).toBe('personal');
  });

  it('names the reason of a repeated character', () => {
    expect(strength.weakness('zzzzzzzzzz', inputs)).toBe('repeat');
  });

  it('accepts a passphrase of unrelated words', () => {
    expect(strength.weakness('Тихий-вечер-над-Иртышом', inputs)).toBeNull();
    expect(strength.weakness('correct horse battery staple', inputs)).toBeNull();
  });
});
