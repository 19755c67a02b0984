import { conventionsOf, DEFAULT_LOCALE, formatCalendarDate, formatGroupedDecimal, isLocale, localeOr, LOCALES } from './locale';

describe("the cabinet's languages", () => {
  it('are Russian (the default), Kazakh and English, each with its label on the switch', () => {
    expect(LOCALES).toEqual(['ru', 'kk', 'en']);
    expect(DEFAULT_LOCALE).toBe('ru');
    expect(LOCALES.map((locale) => conventionsOf(locale).label)).toEqual(['Рус', 'Қаз', 'Eng']);
  });

  it('recognise only their own codes', () => {
    expect(isLocale('kk')).toBe(true);
    expect(isLocale('de')).toBe(false);
    expect(isLocale('toString')).toBe(false);
    expect(localeOr('en')).toBe('en');
    expect(localeOr('xx')).toBe('ru');
    expect(localeOr(undefined, 'kk')).toBe('kk');
  });

  it('group amounts exactly, Russian and Kazakh with a no-break space and a point, English with commas', () => {
    expect(formatGroupedDecimal('10135.01', 'ru')).toBe('10\u00a0135.01');
    expect(formatGroupedDecimal('10135.01', 'kk')).toBe('10\u00a0135.01');
    expect(formatGroupedDecimal('10135.01', 'en')).toBe('10,135.01');
    expect(formatGroupedDecimal('-1234567890123.45', 'en')).toBe('-1,234,567,890,123.45');
    expect(formatGroupedDecimal('-150.00', 'ru')).toBe('-150.00');
    expect(formatGroupedDecimal('999', 'en')).toBe('999');
  });

  it('write a date day first, with dots (ru, kk) or slashes (en)', () => {
    expect(formatCalendarDate('2026-10-05', 'ru')).toBe('05.10.2026');
    expect(formatCalendarDate('2026-10-05', 'kk')).toBe('05.10.2026');
    expect(formatCalendarDate('2026-10-05', 'en')).toBe('05/10/2026');
  });
});
