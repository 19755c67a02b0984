import { basename, dirname, relative } from 'node:path';
import { projectRoot } from '@app/persistence';
import { DOMAIN_ERROR_STATUS } from '../http/domain-error-status';
import { Messages } from './messages';

/** The locales every catalogue has beside its ru.json; Russian is the default and the reference. */
const TRANSLATIONS = ['kk', 'en'] as const;

/**
 * Kazakh texts that are rightly spelt as the Russian ones: words Kazakh shares with Russian, the
 * tenge's abbreviation and the cubic metre's. Any other Kazakh text equal to the Russian one was not translated.
 */
const SAME_IN_KAZAKH = new Set(['тг', 'к', 'м³', 'Логин', 'Логин:', 'Сайт', 'Телефон', 'Тариф', 'байт']);

const CYRILLIC = /[\u0400-\u04FF]/;

type Entries = Array<[key: string, text: string]>;

/** A catalogue file's messages in file order, flattened and read as the application reads them. */
function entriesOf(content: Record<string, unknown>, locale: string): Entries {
  const messages = new Messages([{ locale, file: `${locale}.json`, content }]);
  return messages.keys(locale).map((key) => [key, messages.t(key, {}, locale)]);
}

/** The placeholders of a text (`{name}`, as Messages.t fills them), sorted, repeats kept. */
function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
}

function listed(names: string[]): string {
  return names.length === 0 ? 'none' : names.map((name) => `{${name}}`).join(' ');
}

/** What is wrong with a translation of the Russian catalogue `reference`; empty when nothing is. */
function problemsOf(reference: Entries, translation: Entries, locale: string): string[] {
  const problems: string[] = [];
  const translated = new Map(translation);
  const referenceKeys = new Set(reference.map(([key]) => key));
  for (const [key] of reference) if (!translated.has(key)) problems.push(`${key}: missing`);
  for (const [key] of translation) if (!referenceKeys.has(key)) problems.push(`${key}: not in ru.json`);
  const shared = (keys: string[]) => keys.filter((key) => referenceKeys.has(key) && translated.has(key)).join(',');
  if (shared(reference.map(([key]) => key)) !== shared(translation.map(([key]) => key))) problems.push('keys are not in the order of ru.json');
  for (const [key, russian] of reference) {
    const text = translated.get(key);
    if (text === undefined) continue;
    if (text.trim() === '') problems.push(`${key}: empty`);
    const [own, expected] = [placeholdersOf(text), placeholdersOf(russian)];
    if (own.join() !== expected.join()) problems.push(`${key}: placeholders ${listed(own)} instead of ${listed(expected)}`);
    if (locale === 'kk' && text === russian && CYRILLIC.test(text) && !SAME_IN_KAZAKH.has(text)) problems.push(`${key}: same as the Russian text (not translated?)`);
    if (locale === 'en' && CYRILLIC.test(text)) problems.push(`${key}: Cyrillic in the English text`);
  }
  return problems;
}

describe('the message catalogues', () => {
  const files = Messages.discover();
  const folders = new Map<string, Map<string, Record<string, unknown>>>();
  for (const { locale, file, content } of files) {
    const folder = relative(projectRoot(), dirname(file));
    folders.set(folder, (folders.get(folder) ?? new Map()).set(locale, content));
  }

  it('are found in every context (the check below is not vacuous)', () => {
    expect([...folders.keys()]).toEqual(expect.arrayContaining(['libs/web/i18n', 'src/modules/identity/interface/i18n', 'src/modules/metering/interface/i18n', 'src/modules/billing/interface/i18n']));
    expect(files.every((file) => basename(dirname(file.file)) === 'i18n')).toBe(true);
  });

  it('each have a Russian reference', () => {
    const withoutRussian = [...folders].filter(([, locales]) => !locales.has('ru')).map(([folder]) => folder);
    expect(withoutRussian).toEqual([]);
  });

  it('have a text for every domain error code the project raises (the status table lists them all)', () => {
    const messages = new Messages(files);
    expect(Object.keys(DOMAIN_ERROR_STATUS).filter((code) => !messages.has(`errors.${code}`))).toEqual([]);
  });

  it.each(TRANSLATIONS)('each have a complete %s.json: the same keys in the same order, the same placeholders, translated texts', (locale) => {
    const problems: string[] = [];
    for (const [folder, locales] of folders) {
      const russian = locales.get('ru');
      if (!russian) continue;
      const translation = locales.get(locale);
      if (!translation) {
        problems.push(`${folder}/${locale}.json: missing`);
        continue;
      }
      for (const problem of problemsOf(entriesOf(russian, 'ru'), entriesOf(translation, locale), locale)) problems.push(`${folder}/${locale}.json: ${problem}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('the catalogue check', () => {
  const russian: Entries = [
    ['web.title', 'Личный кабинет'],
    ['web.debt', 'Задолженность: {amount} тг'],
    ['web.currency', 'тг'],
  ];

  it('accepts a complete translation, and Kazakh words spelt as in Russian', () => {
    const kazakh: Entries = [
      ['web.title', 'Жеке кабинет'],
      ['web.debt', 'Берешек: {amount} тг'],
      ['web.currency', 'тг'],
    ];
    expect(problemsOf(russian, kazakh, 'kk')).toEqual([]);
  });

  it('reports a missing key, an extra key and keys out of order', () => {
    const kazakh: Entries = [
      ['web.currency', 'тг'],
      ['web.title', 'Жеке кабинет'],
      ['web.extra', 'Артық'],
    ];
    expect(problemsOf(russian, kazakh, 'kk')).toEqual(['web.debt: missing', 'web.extra: not in ru.json', 'keys are not in the order of ru.json']);
  });

  it('reports a placeholder renamed, dropped or added', () => {
    const english: Entries = [
      ['web.title', 'Customer portal {name}'],
      ['web.debt', 'Amount due: {sum} KZT'],
      ['web.currency', 'KZT'],
    ];
    expect(problemsOf(russian, english, 'en')).toEqual(['web.title: placeholders {name} instead of none', 'web.debt: placeholders {sum} instead of {amount}']);
  });

  it('reports an empty text, a Kazakh text left in Russian and Cyrillic in English', () => {
    const kazakh: Entries = [
      ['web.title', 'Личный кабинет'],
      ['web.debt', ' '],
      ['web.currency', 'тг'],
    ];
    expect(problemsOf(russian, kazakh, 'kk')).toEqual(['web.title: same as the Russian text (not translated?)', 'web.debt: empty', 'web.debt: placeholders none instead of {amount}']);
    const english: Entries = [
      ['web.title', 'Customer portal'],
      ['web.debt', 'Amount due: {amount} тг'],
      ['web.currency', 'KZT'],
    ];
    expect(problemsOf(russian, english, 'en')).toEqual(['web.debt: Cyrillic in the English text']);
  });
});
