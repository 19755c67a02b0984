import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@app/persistence';
import { DEFAULT_LOCALE, Locale } from '@app/shared-kernel';

type Catalogue = Map<string, string>;

/** The catalogue in one language, as a page, an e-mail or a problem of the API is written. */
export interface Translator {
  readonly locale: Locale;
  t(key: string, params?: Record<string, unknown>): string;
  has(key: string): boolean;
}

/**
 * The message catalogue: every text a user sees. Each context keeps `i18n/<locale>.json` files (flat or
 * nested keys, namespaced by context); they are merged at start, and a key defined twice is an error.
 * Placeholders are `{name}`.
 */
export class Messages {
  readonly defaultLocale: Locale = DEFAULT_LOCALE;
  private readonly catalogues = new Map<string, Catalogue>();

  constructor(files: Array<{ locale: string; file: string; content: Record<string, unknown> }> = Messages.discover()) {
    for (const { locale, file, content } of files) {
      const catalogue = this.catalogues.get(locale) ?? new Map<string, string>();
      for (const [key, text] of flatten(content)) {
        if (catalogue.has(key)) throw new Error(`Message "${key}" (${locale}) is defined twice; second time in ${file}`);
        catalogue.set(key, text);
      }
      this.catalogues.set(locale, catalogue);
    }
  }

  static discover(root: string = projectRoot()) {
    const files: Array<{ locale: string; file: string; content: Record<string, unknown> }> = [];
    const walk = (dir: string): void => {
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory() && entry.name !== 'node_modules') walk(path);
        else if (dir.endsWith(`${'/'}i18n`) && /^[a-z]{2}\.json$/.test(entry.name)) {
          files.push({ locale: entry.name.slice(0, 2), file: path, content: JSON.parse(readFileSync(path, 'utf8')) });
        }
      }
    };
    walk(join(root, 'libs'));
    walk(join(root, 'src', 'modules'));
    return files;
  }

  /** Whether `t` finds a text for the key (in `locale`, or else in the default locale). */
  has(key: string, locale: string = this.defaultLocale): boolean {
    return (this.catalogues.get(locale)?.has(key) ?? false) || (this.catalogues.get(this.defaultLocale)?.has(key) ?? false);
  }

  keys(locale: string = this.defaultLocale): string[] {
    return [...(this.catalogues.get(locale)?.keys() ?? [])];
  }

  /** The text for a key; falls back to the default locale; an unknown key is a programming error. */
  t(key: string, params: Record<string, unknown> = {}, locale: string = this.defaultLocale): string {
    return fill(this.template(key, locale), params);
  }

  /** The catalogue's text of a key with its `{name}` placeholders unfilled (falls back like `t`). */
  template(key: string, locale: string = this.defaultLocale): string {
    const text = this.catalogues.get(locale)?.get(key) ?? this.catalogues.get(this.defaultLocale)?.get(key);
    if (text === undefined) throw new Error(`No message "${key}" in the catalogue`);
    return text;
  }

  /** The catalogue in `locale`, for code that writes several texts in one language. */
  in(locale: Locale): Translator {
    return {
      locale,
      t: (key, params = {}) => this.t(key, params, locale),
      has: (key) => this.has(key, locale),
    };
  }
}

/** Puts each parameter in place of its `{name}`; a placeholder without a parameter stays as it is. */
export function fill(text: string, params: Record<string, unknown>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

function* flatten(object: Record<string, unknown>, prefix = ''): Generator<[string, string]> {
  for (const [key, value] of Object.entries(object)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') yield [path, value];
    else if (value && typeof value === 'object') yield* flatten(value as Record<string, unknown>, path);
    else throw new Error(`Message "${path}" must be a string`);
  }
}
