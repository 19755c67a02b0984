import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { projectRoot } from '@app/persistence';
import { fill, Messages } from '../i18n/messages';

export type TemplateModel = Record<string, unknown>;

const TEMPLATE_DIRS = new Set(['views', 'templates']);

/**
 * Every Handlebars template of the project, compiled once at start with `strict: true`. A template in a
 * `views/` or `templates/` folder of `src/modules/<context>` or `libs/<lib>` is named
 * `<context>/<path inside that folder>`, e.g. `identity/login` or `web/layouts/main`; each is also a
 * partial under the same name. Output is HTML-escaped unless a helper returns a SafeString on purpose,
 * except in the plain-text parts of e-mails (`*.text`, `*.subject`).
 */
export class TemplateRegistry {
  private readonly handlebars = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();

  constructor(
    readonly messages: Messages,
    sources: Map<string, string> = TemplateRegistry.discover(),
  ) {
    this.registerHelpers();
    for (const [name, source] of sources) this.handlebars.registerPartial(name, source);
    for (const [name, source] of sources) {
      // Plain-text parts and subjects of e-mails are not HTML: escaping would mangle links ("=" → "&#x3D;").
      const plainText = /\.(text|subject)$/.test(name);
      const template = this.handlebars.compile(source, { strict: true, preventIndent: true, noEscape: plainText });
      this.compiled.set(name, template);
    }
  }

  static discover(root: string = projectRoot()): Map<string, string> {
    const found = new Map<string, string>();
    const scan = (dir: string, context: string, templateRoot: string | undefined): void => {
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          scan(path, context, templateRoot ?? (TEMPLATE_DIRS.has(entry.name) ? path : undefined));
        } else if (templateRoot && entry.name.endsWith('.hbs')) {
          const name = `${context}/${relative(templateRoot, path).split(sep).join('/').replace(/\.hbs$/, '')}`;
          found.set(name, readFileSync(path, 'utf8'));
        }
      }
    };
    const contexts = (base: string): string[] => {
      try {
        return readdirSync(base, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
      } catch {
        return [];
      }
    };
    for (const lib of contexts(join(root, 'libs'))) scan(join(root, 'libs', lib), lib, undefined);
    for (const module of contexts(join(root, 'src', 'modules'))) scan(join(root, 'src', 'modules', module), module, undefined);
    return found;
  }

  has(name: string): boolean {
    return this.compiled.has(name);
  }

  names(): string[] {
    return [...this.compiled.keys()];
  }

  /** Renders a template; when `model.layout` names a layout (or by default), wraps the result in it. */
  render(name: string, model: TemplateModel, defaultLayout: string | false = false): string {
    const template = this.compiled.get(name);
    if (!template) throw new Error(`No template named "${name}"`);
    const body = template(model);
    const layout = (model.layout ?? defaultLayout) as string | false;
    if (!layout) return body;
    return this.render(layout, { ...model, layout: false, body: new Handlebars.SafeString(body) });
  }

  private registerHelpers(): void {
    const messages = this.messages;
    const { escapeExpression, SafeString } = this.handlebars;
    const rootOf = (options: Handlebars.HelperOptions) => (options.data?.root ?? {}) as { locale?: string; publicUrl?: string };
    // The catalogue's text in the model's language. A text is escaped as a whole where it is output,
    // so it can hold no markup; a parameter that is markup on purpose (a SafeString from `strong` or
    // `anchor`) makes the helper escape the text and the other parameters itself and return markup.
    this.handlebars.registerHelper('t', function (this: unknown, key: string, options: Handlebars.HelperOptions) {
      const locale = rootOf(options).locale ?? messages.defaultLocale;
      const params = options.hash as Record<string, unknown>;
      if (!Object.values(params).some((value) => value instanceof SafeString)) return messages.t(key, params, locale);
      const escaped = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, value instanceof SafeString ? value.toHTML() : escapeExpression(String(value))]));
      return new SafeString(fill(escapeExpression(messages.template(key, locale)), escaped));
    });
    this.handlebars.registerHelper('strong', (value: unknown) => new SafeString(`<b>${escapeExpression(String(value))}</b>`));
    this.handlebars.registerHelper('anchor', (href: unknown) => new SafeString(`<a href="${escapeExpression(String(href))}">${escapeExpression(String(href))}</a>`));
    // An address of this site as e-mails give it: the deployment's public URL and the path.
    this.handlebars.registerHelper('siteUrl', function (this: unknown, path: string, options: Handlebars.HelperOptions) {
      return `${rootOf(options).publicUrl ?? ''}${path}`;
    });
    this.handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    this.handlebars.registerHelper('not', (a: unknown) => !a);
    this.handlebars.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
    this.handlebars.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
    this.handlebars.registerHelper('dash', (value: unknown) => (value === null || value === undefined || value === '' ? '-' : value));
    this.handlebars.registerHelper('inc', (value: number) => Number(value) + 1);
  }
}
