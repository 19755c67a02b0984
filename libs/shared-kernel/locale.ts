const NBSP = '\u00a0';

/**
 * How a language writes what the cabinet shows besides words: its name on the language switch, the
 * thousands and decimal separators of amounts of money, and the separator of a date's day, month and
 * year (always in that order). Russian keeps the manual's decimal point («10 135.01», as the pages,
 * PDFs and their tests always printed it), and Kazakh writes amounts as Russian does; English groups
 * with commas («10,135.01») and writes dates as British English does («05/10/2026»).
 */
export interface LocaleConventions {
  /** Shown on the switch in the language itself, the same on every page: «Рус», «Қаз», «Eng». */
  label: string;
  /** The language's own name, for the switch's tooltip. */
  name: string;
  thousands: string;
  decimal: string;
  dateSeparator: string;
}

/**
 * The cabinet's languages, the one list of them: the first is the default (Russian, the manual's). To
 * add a language, add its entry here and drop its `<code>.json` beside every `i18n/ru.json` (the
 * catalogue test names any that is missing or incomplete).
 */
const CONVENTIONS = {
  ru: { label: 'Рус', name: 'Русский', thousands: NBSP, decimal: '.', dateSeparator: '.' },
  kk: { label: 'Қаз', name: 'Қазақша', thousands: NBSP, decimal: '.', dateSeparator: '.' },
  en: { label: 'Eng', name: 'English', thousands: ',', decimal: '.', dateSeparator: '/' },
} as const satisfies Record<string, LocaleConventions>;

export type Locale = keyof typeof CONVENTIONS;

export const LOCALES = Object.keys(CONVENTIONS) as Locale[];

export const DEFAULT_LOCALE: Locale = LOCALES[0];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && Object.hasOwn(CONVENTIONS, value);
}

/** The locale `value` names, or the default one. */
export function localeOr(value: unknown, fallback: Locale = DEFAULT_LOCALE): Locale {
  return isLocale(value) ? value : fallback;
}

export function conventionsOf(locale: Locale): LocaleConventions {
  return CONVENTIONS[locale];
}

/**
 * An exact decimal string ("-10135.01") with its thousands grouped and the locale's separators
 * ("-10 135.01", "-10,135.01"); the digits are never touched, so no float rounds them.
 */
export function formatGroupedDecimal(value: string, locale: Locale): string {
  const { thousands, decimal } = CONVENTIONS[locale];
  const [integer, fraction] = value.split('.');
  const negative = integer.startsWith('-');
  const digits = negative ? integer.slice(1) : integer;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `${decimal}${fraction}`}`;
}

/** "2026-10-05" → "05.10.2026" (ru, kk), "05/10/2026" (en). */
export function formatCalendarDate(date: string, locale: Locale): string {
  const [year, month, day] = date.split('-');
  const separator = CONVENTIONS[locale].dateSeparator;
  return [day, month, year].join(separator);
}
