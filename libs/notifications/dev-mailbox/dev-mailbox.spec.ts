import { linksIn } from './dev-mailbox';

describe('linksIn (the clickable links of the development mailbox)', () => {
  it('leaves out the parenthesis or full stop around an address in the text', () => {
    const text = 'восстановите пароль на странице «Забыли свой пароль?» (http://localhost:3000/password/forgot) и сообщите.\nСсылка: http://localhost:3000/register/confirm?token=abc_-1.';
    expect(linksIn(text)).toEqual(['http://localhost:3000/password/forgot', 'http://localhost:3000/register/confirm?token=abc_-1']);
  });

  it('keeps a query string and parentheses that belong to the address, and lists each address once', () => {
    const text = 'http://x.kz/password/reset?checkword=a1&login=vk3120 http://x.kz/wiki/Pavlodar_(city) http://x.kz/password/reset?checkword=a1&login=vk3120';
    expect(linksIn(text)).toEqual(['http://x.kz/password/reset?checkword=a1&login=vk3120', 'http://x.kz/wiki/Pavlodar_(city)']);
  });

  it('finds nothing in a text without addresses', () => {
    expect(linksIn('Сообщение сгенерировано автоматически.')).toEqual([]);
  });
});
