import { Messages } from '../i18n/messages';
import { TemplateRegistry } from './template-registry';

const messages = new Messages([
  { locale: 'ru', file: 'ru.json', content: { greeting: 'Здравствуйте, {name}!', changed: 'Email (логин {login}) изменён {at}: теперь {email}.', only: 'Только по-русски' } },
  { locale: 'kk', file: 'kk.json', content: { greeting: 'Сәлеметсіз бе, {name}!', changed: 'Email (логин {login}) {at} өзгертілді: енді {email}.' } },
]);

function registry(sources: Record<string, string>): TemplateRegistry {
  return new TemplateRegistry(messages, new Map(Object.entries(sources)));
}

describe('the templates’ t helper', () => {
  it("writes the catalogue's text in the model's language, Russian by default and where a text is missing", () => {
    const templates = registry({ 'x/page': '{{t "greeting" name=name}} {{t "only"}}' });
    expect(templates.render('x/page', { name: 'Айгүл', locale: 'kk' })).toBe('Сәлеметсіз бе, Айгүл! Только по-русски');
    expect(templates.render('x/page', { name: 'Анна' })).toBe('Здравствуйте, Анна! Только по-русски');
  });

  it('escapes the text and its parameters in HTML, and lets through only the markup of strong and anchor', () => {
    const templates = registry({
      'x/page.html': '{{t "changed" login=(strong login) at=at email=(anchor email)}}',
      'x/plain.html': '{{t "greeting" name=name}}',
      'x/page.text': '{{t "greeting" name=name}}',
    });
    expect(templates.render('x/page.html', { login: '<vk1>', at: '25.11.2026 13:00 & later', email: 'a@b.kz', locale: 'kk' })).toBe(
      'Email (логин <b>&lt;vk1&gt;</b>) 25.11.2026 13:00 &amp; later өзгертілді: енді <a href="a@b.kz">a@b.kz</a>.',
    );
    expect(templates.render('x/plain.html', { name: '<script>' })).toBe('Здравствуйте, &lt;script&gt;!');
    // A plain-text part is not HTML: nothing is escaped there.
    expect(templates.render('x/page.text', { name: 'Tom & <Jerry>' })).toBe('Здравствуйте, Tom & <Jerry>!');
  });

  it('gives e-mails the address of a page of this site', () => {
    const templates = registry({ 'x/page.text': '{{siteUrl "/password/forgot"}}' });
    expect(templates.render('x/page.text', { publicUrl: 'https://cabinet.example.kz' })).toBe('https://cabinet.example.kz/password/forgot');
  });
});
