import { TemplateRegistry } from './template-registry';

/** Attributes whose values a person reads or hears (a screen reader reads aria-label and title). */
const SPOKEN_ATTRIBUTES = ['aria-label', 'aria-description', 'aria-placeholder', 'title', 'alt', 'placeholder'];

const LETTER = /\p{L}/u;

/**
 * The words a template writes itself rather than taking them from the catalogue: any letter, Cyrillic
 * or Latin, outside `{{…}}` in the text a person reads (HTML text, the spoken attributes, the whole of
 * a plain-text e-mail part or subject). Markup, styles, scripts, entities and symbols («←», «*») are
 * not words.
 */
function hardCodedTextsOf(name: string, source: string): string[] {
  const plainText = /\.(text|subject)$/.test(name);
  let rest = source
    .replace(/\{\{!--[\s\S]*?--\}\}/g, ' ')
    .replace(/\{\{![\s\S]*?\}\}/g, ' ')
    .replace(/\{\{\{?[\s\S]*?\}?\}\}/g, ' ');
  const found: string[] = [];
  if (!plainText) {
    rest = rest
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<!DOCTYPE[^>]*>/gi, ' ')
      .replace(/<(style|script)\b[^>]*>[\s\S]*?<\/\1>/gi, ' ');
    for (const tag of rest.match(/<[^>]*>/g) ?? []) {
      for (const attribute of SPOKEN_ATTRIBUTES) {
        const value = new RegExp(`\\s${attribute}="([^"]*)"`, 'i').exec(tag)?.[1];
        if (value !== undefined && LETTER.test(value)) found.push(`${attribute}="${value.trim()}"`);
      }
    }
    rest = rest.replace(/<[^>]*>/g, ' ').replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, ' ');
  }
  for (const piece of rest.split(/\s{2,}|\n/)) {
    if (LETTER.test(piece)) found.push(piece.trim());
  }
  return found;
}

describe('the templates', () => {
  const templates = TemplateRegistry.discover();

  it('are found in every context (the check below is not vacuous)', () => {
    const names = [...templates.keys()];
    for (const expected of ['web/layouts/main', 'identity/login', 'identity/emails/password-recovery.text', 'metering/readings', 'billing/pdf/charges-breakdown', 'documents/layouts/pdf']) {
      expect(names).toContain(expected);
    }
  });

  it('take every word a person reads from the catalogue: none is written into a template', () => {
    const problems = [...templates].flatMap(([name, source]) => hardCodedTextsOf(name, source).map((text) => `${name}: ${text}`));
    expect(problems).toEqual([]);
  });
});

describe('the check for words written into a template', () => {
  it('accepts markup, expressions, entities and symbols', () => {
    const page = '<nav aria-label="{{t "web.menu.label"}}" class="menu"><a href="/">{{t "web.home"}}</a> &gt; ← <span class="required-mark" aria-hidden="true">*</span></nav>\n<style>body { font-family: Arial; }</style>';
    expect(hardCodedTextsOf('web/page', page)).toEqual([]);
    expect(hardCodedTextsOf('identity/emails/x.text', '{{!-- a comment in English --}}\n{{t "x"}}\n{{{publicUrl}}}{{{link}}}')).toEqual([]);
  });

  it('finds Cyrillic and Latin words in text, in spoken attributes and in plain-text parts', () => {
    expect(hardCodedTextsOf('web/page', '<p>Здравствуйте, {{name}}!</p>')).toEqual(['Здравствуйте,']);
    expect(hardCodedTextsOf('web/page', '<nav aria-label="breadcrumbs"></nav><th>№</th><img alt="Logo">')).toEqual(['aria-label="breadcrumbs"', 'alt="Logo"']);
    expect(hardCodedTextsOf('identity/emails/x.text', 'Login: {{login}}')).toEqual(['Login:']);
    expect(hardCodedTextsOf('billing/emails/report.subject', 'Re: {{t "x"}}')).toEqual(['Re:']);
  });
});
