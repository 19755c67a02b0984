import type { NestExpressApplication } from '@nestjs/platform-express';

/** A field a client fills: its name, and whether it takes text (the fields the payloads go into). */
export interface Field {
  name: string;
  text: boolean;
  /** A value the route accepts (an enum's first value, a hidden input's value), else undefined. */
  sample?: unknown;
}

/** One route of the running app, whatever told us of it: the router, the OpenAPI document, a form. */
export interface Route {
  method: string;
  /** Express's pattern: `/cabinet/readings/:meterId/consumption`. */
  path: string;
  sources: Set<'router' | 'openapi' | 'form'>;
  query: Field[];
  body: Field[];
  /** The body the OpenAPI document describes, filled with acceptable values (undefined: none described). */
  sampleBody?: Record<string, unknown>;
}

const key = (method: string, path: string) => `${method} ${path}`;

/** The methods a client of this app uses; Express's `all()` also lists ACL, BIND, MKCOL and the like. */
export const PROBED_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** The catalogue, keyed by method and pattern; every source adds to it. */
export class RouteCatalogue {
  private readonly routes = new Map<string, Route>();

  add(method: string, path: string, source: 'router' | 'openapi' | 'form'): Route {
    const normalized = normalizePath(path);
    const id = key(method.toUpperCase(), normalized);
    let route = this.routes.get(id);
    if (!route) {
      route = { method: method.toUpperCase(), path: normalized, sources: new Set(), query: [], body: [] };
      this.routes.set(id, route);
    }
    route.sources.add(source);
    return route;
  }

  /** The route a concrete path goes to: an exact pattern before one with parameters, wildcards last. */
  find(method: string, concretePath: string): Route | undefined {
    const candidates = this.all().filter((route) => route.method === method.toUpperCase() && patternOf(route.path).test(concretePath));
    const rank = (route: Route) => (route.path.includes('*') ? 2 : route.path.includes(':') ? 1 : 0);
    return candidates.sort((x, y) => rank(x) - rank(y))[0];
  }

  all(): Route[] {
    return [...this.routes.values()].sort((a, b) => key(a.method, a.path).localeCompare(key(b.method, b.path)));
  }
}

/** One spelling for a pattern: no trailing slash, Express 5's `{…}` optional groups opened. */
function normalizePath(path: string): string {
  const opened = path.replace(/[{}]/g, '');
  return opened.length > 1 ? opened.replace(/\/+$/, '') : opened;
}

function patternOf(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.startsWith('*') ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

interface RouterLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  rawPath?: unknown;
  handle?: { stack?: RouterLayer[]; router?: { stack?: RouterLayer[] }; _router?: { stack?: RouterLayer[] } };
}

/**
 * Every route the Express router knows, the Nest controllers' and those of apps mounted on it (Bull
 * Board), by walking the router's stack: a route added tomorrow is probed without editing the suite.
 */
export function addRouterRoutes(catalogue: RouteCatalogue, app: NestExpressApplication): void {
  const express = app.getHttpAdapter().getInstance() as { router?: { stack: RouterLayer[] }; _router?: { stack: RouterLayer[] } };
  const walk = (stack: RouterLayer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const path of paths) {
          for (const method of Object.keys(layer.route.methods)) {
            // A catch-all at the root (`/*path`, all methods) is middleware that Nest mounts everywhere, not an endpoint.
            if (!PROBED_METHODS.includes(method.toUpperCase()) || /^\/\*\w*$/.test(`${prefix}${path}`.replace(/[{}]/g, ''))) continue;
            catalogue.add(method, `${prefix}${path}`, 'router');
          }
        }
        continue;
      }
      const nested = layer.handle?.stack ?? layer.handle?.router?.stack ?? layer.handle?._router?.stack;
      if (nested) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(nested, `${prefix}${mount}`);
      }
    }
  };
  walk((express.router ?? express._router)!.stack, '');
  // Apps that Nest mounts as middleware (Bull Board's) hide behind its wrapper: their adapters expose them.
  for (const { app: mounted, basePath } of mountedApps(app)) {
    const router = (mounted as { router?: { stack: RouterLayer[] }; _router?: { stack: RouterLayer[] } }).router ?? (mounted as { _router?: { stack: RouterLayer[] } })._router;
    if (router) walk(router.stack, basePath);
  }
}

/** Express apps mounted through Nest's middleware consumer, each with its base path. */
function mountedApps(app: NestExpressApplication): Array<{ app: unknown; basePath: string }> {
  const found: Array<{ app: unknown; basePath: string }> = [];
  try {
    const adapter = app.get<{ getRouter(): unknown; basePath?: string }>('bull_board_adapter', { strict: false });
    found.push({ app: adapter.getRouter(), basePath: adapter.basePath ?? '' });
  } catch {
    // no dashboard in this app
  }
  return found;
}

type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  example?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string; schema?: Schema }>; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

/**
 * Every operation of the OpenAPI document (`/api/docs-json`), with its query parameters and the text
 * fields of its JSON body (nested objects and arrays of objects included, as `readings.0.value` would
 * be), and a body filled with values it accepts, into which each probe puts its payload.
 */
export function addOpenApiRoutes(catalogue: RouteCatalogue, document: OpenApiDocument): void {
  const resolve = (schema: Schema | undefined): Schema => {
    let current = schema ?? {};
    for (let hops = 0; current.$ref && hops < 10; hops += 1) current = document.components?.schemas?.[current.$ref.split('/').pop()!] ?? {};
    const merged = current.allOf ?? current.oneOf ?? current.anyOf;
    return merged ? merged.map(resolve).reduce((all, part) => ({ ...all, ...part, properties: { ...all.properties, ...part.properties } }), {} as Schema) : current;
  };
  const sampleOf = (schema: Schema, depth: number): unknown => {
    const resolved = resolve(schema);
    if (resolved.enum?.length) return resolved.enum[0];
    if (resolved.example !== undefined) return resolved.example;
    if (resolved.type === 'object' || resolved.properties) {
      if (depth > 4) return {};
      return Object.fromEntries(Object.entries(resolved.properties ?? {}).map(([name, property]) => [name, sampleOf(property, depth + 1)]));
    }
    if (resolved.type === 'array') return [sampleOf(resolved.items ?? {}, depth + 1)];
    if (resolved.type === 'boolean') return true;
    if (resolved.type === 'integer' || resolved.type === 'number') return 1;
    return 'x';
  };

  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!PROBED_METHODS.includes(method.toUpperCase())) continue;
      const route = catalogue.add(method, path.replace(/\{([^}]+)\}/g, ':$1'), 'openapi');
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in !== 'query') continue;
        const schema = resolve(parameter.schema);
        addField(route.query, { name: parameter.name, text: schema.type === 'string' || schema.type === undefined, sample: schema.enum?.[0] });
      }
      const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
      if (!bodySchema) continue;
      const resolved = resolve(bodySchema);
      route.sampleBody = sampleOf(resolved, 0) as Record<string, unknown>;
      for (const field of textFieldsOf(resolved, '', resolve, 0)) addField(route.body, field);
    }
  }
}

function textFieldsOf(schema: Schema, prefix: string, resolve: (schema: Schema | undefined) => Schema, depth: number): Field[] {
  if (depth > 4) return [];
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
    const resolved = resolve(property);
    const path = `${prefix}${name}`;
    if (resolved.type === 'array') {
      const items = resolve(resolved.items);
      return items.properties ? textFieldsOf(items, `${path}.0.`, resolve, depth + 1) : [{ name: path, text: items.type === 'string', sample: undefined }];
    }
    if (resolved.properties) return textFieldsOf(resolved, `${path}.`, resolve, depth + 1);
    return [{ name: path, text: resolved.type === 'string' && !resolved.enum, sample: resolved.enum?.[0] }];
  });
}

function addField(fields: Field[], field: Field): void {
  if (!fields.some((each) => each.name === field.name)) fields.push(field);
}

/**
 * The forms of a rendered page: each `<form>`'s method, action and fields (inputs, selects, text
 * areas), hidden values kept as samples. Adds each form's route to the catalogue with its fields.
 */
export function addFormRoutes(catalogue: RouteCatalogue, html: string, pagePath: string): void {
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attributes = match[1];
    const method = (/\bmethod="([^"]*)"/i.exec(attributes)?.[1] ?? 'get').toUpperCase();
    const action = decodeEntities(/\baction="([^"]*)"/i.exec(attributes)?.[1] ?? pagePath);
    const url = new URL(action, 'http://probe.invalid');
    const route = catalogue.find(method, url.pathname) ?? catalogue.add(method, url.pathname, 'form');
    route.sources.add('form');
    const target = method === 'GET' ? route.query : route.body;
    for (const control of match[2].matchAll(/<(input|select|textarea)\b([^>]*)>/gi)) {
      const name = /\bname="([^"]+)"/i.exec(control[2])?.[1];
      if (!name || name === '_csrf') continue;
      const type = (/\btype="([^"]*)"/i.exec(control[2])?.[1] ?? (control[1].toLowerCase() === 'input' ? 'text' : control[1])).toLowerCase();
      const value = /\bvalue="([^"]*)"/i.exec(control[2])?.[1];
      const text = ['text', 'textarea', 'email', 'password', 'search', 'tel', 'url', 'hidden', 'number'].includes(type);
      addField(target, { name: decodeEntities(name), text, sample: value === undefined ? undefined : decodeEntities(value) });
    }
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}
