import { INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '@app/config';
import type { ChargesPublished, ContractUpserted } from '@app/messaging';
import { Commands } from '@app/persistence';
import { PublishCharges, RecordPayment } from '@modules/billing';
import { UpsertMeter } from '@modules/metering';
import { aContract } from '../../src/modules/billing/testing/contract.mother';
import { csrfOf, registeredSubscriber } from '../helpers/identity-fixtures';
import { SmtpCapture } from '../helpers/smtp-capture';
import { startWeb, startWorker } from '../helpers/test-app';
import { monthFrom, testClock } from '../helpers/test-clock';
import { testConfig } from '../helpers/test-env';
import { Field, Route, RouteCatalogue, addFormRoutes, addOpenApiRoutes, addRouterRoutes } from './route-catalogue';

/**
 * The hostile suite of issue 15: every route of the running app, found in the Express router (Nest's
 * controllers and Bull Board), the OpenAPI document and the pages' forms, probed as an attacker would:
 * without a session, as another subscriber (B) with the identifiers of subscriber A in the route's
 * parameters and fields, with a forged CSRF token, from a foreign Origin, with an oversized body, a body
 * nested 2,000 levels deep, fields of the wrong type, malformed UTF-8, and XSS and SQL payloads in every
 * text field. It fails on any 5xx, any answer to B (or to no one) that holds one of A's identifiers the
 * request did not carry, any 2xx to B for A's object, any change to what A sees (a write across
 * subscribers), any state-changing request with B's cookie that a
 * forged token or foreign Origin did not stop, and any payload echoed unescaped into a page.
 * New routes are covered without editing the suite.
 */

const PASSWORD = 'Hostile-suite-password-2026';
const CONCURRENCY = 6;
const clock = testClock();
const previous = monthFrom(clock.now(), -1);
const VERIFIED_UNTIL = `${monthFrom(clock.now(), 0).year + 9}-01-01`;
const mark = randomBytes(4).toString('hex').toUpperCase();

const XSS_SQL = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' OR '1'='1' --",
  '1; DROP TABLE subscriber_account; --',
  '{{constructor.constructor("return process")()}}',
];
/** What an unescaped payload leaves in HTML; escaped, none of these survive. */
const UNESCAPED = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>'];
/** Each field alone gets the first two; every field at once gets each of the others. */
const WRONG_TYPES: unknown[] = [12345, ['x', 'y'], true, null, { nested: 'x' }];
const FOREIGN_ORIGIN = 'https://attacker.example';

interface Subscriber {
  contract: ContractUpserted;
  login: string;
  email: string;
  meters: string[];
  factoryNumbers: string[];
  reportId: string;
  token: string;
}

interface Session {
  cookie: string;
  csrf: string;
}

type ProbeKind = 'anonymous' | 'other-subscriber' | 'forged-csrf' | 'foreign-origin' | 'oversized' | 'deep' | 'wrong-type' | 'malformed-utf8' | 'payload';

interface Probe {
  kind: ProbeKind;
  route: Route;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** The path parameters were filled with A's objects: any 2xx to B or to no one is an IDOR. */
  foreignObject: boolean;
  /** A cookie session of B is sent: a state-changing request must be refused by the CSRF guard. */
  mustBeRefusedAsCsrf: boolean;
  /** Text that must not come back unescaped in a page. */
  payload?: string;
}

interface Outcome {
  probe: Probe;
  status: number;
  location: string;
  contentType: string;
  text: string;
}

describe('hostile suite: every route, probed as an attacker', () => {
  let smtp: SmtpCapture;
  let config: AppConfig;
  let web: NestExpressApplication;
  let worker: INestApplicationContext;
  let origin: string;
  const a = {} as Subscriber;
  const b = {} as Subscriber;

  const call = async (method: string, path: string, init: { headers?: Record<string, string>; body?: string | Buffer } = {}) => {
    let res: Response | undefined;
    for (let attempt = 0; !res; attempt += 1) {
      try {
        res = await fetch(`${origin}${path}`, { method, headers: init.headers, body: init.body, redirect: 'manual' });
      } catch (error) {
        // A kept-alive socket the server closed after answering the previous request without reading its
        // body resets the next one: once more on a new socket. The server may also answer 413 and close the
        // connection while a big body is still being sent: the probe then records status 0.
        if (attempt < 1) continue;
        return { status: 0, location: '', contentType: '', text: String((error as Error & { cause?: Error }).cause?.message ?? error), setCookie: [] as string[] };
      }
    }
    const contentType = res.headers.get('content-type') ?? '';
    const bytes = Buffer.from(await res.arrayBuffer());
    return { status: res.status, location: res.headers.get('location') ?? '', contentType, text: /json|text|html|xml|csv/.test(contentType) ? bytes.toString('utf8') : '', setCookie: res.headers.getSetCookie() };
  };

  /** A page session of B, signed in through the login form, with the CSRF token of its cabinet page. */
  const pageSession = async (who: Subscriber): Promise<Session> => {
    const form = await call('GET', '/login');
    const first = sessionCookieOf(form.setCookie);
    const login = await call('POST', '/login', {
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: first },
      body: new URLSearchParams({ _csrf: csrfOf(form.text), login: who.login, password: PASSWORD }).toString(),
    });
    if (login.status !== 303) throw new Error(`login of ${who.login} answered ${login.status}`);
    const cookie = sessionCookieOf(login.setCookie) || first;
    const cabinet = await call('GET', '/cabinet', { headers: { cookie } });
    return { cookie, csrf: csrfOf(cabinet.text) };
  };

  async function seedSubscriber(who: Subscriber, contract: ContractUpserted, prefix: string): Promise<void> {
    who.contract = contract;
    who.email = `${prefix.toLowerCase()}-${mark.toLowerCase()}@example.kz`;
    who.login = await registeredSubscriber(web, smtp, origin, contract, who.email, PASSWORD);
    who.meters = [`${prefix}${mark}-cold`, `${prefix}${mark}-hot`];
    who.factoryNumbers = [`${prefix === 'A' ? 91 : 92}${parseInt(mark, 16) % 10_000_000}1`, `${prefix === 'A' ? 91 : 92}${parseInt(mark, 16) % 10_000_000}2`];
    const commands = worker.get(Commands);
    for (const [index, meterId] of who.meters.entries()) {
      await commands.execute(
        new UpsertMeter({
          meterId,
          contractNumber: contract.contractNumber,
          accountNumber: contract.accounts[0].accountNumber,
          water: index === 0 ? 'cold' : 'hot',
          factoryNumber: who.factoryNumbers[index],
          verificationDate: VERIFIED_UNTIL,
          state: 'installed',
          lastReading: { value: '100', date: `${previous.period}-20`, source: 'controller' },
        }),
      );
    }
    const charges: ChargesPublished = {
      contractNumber: contract.contractNumber,
      period: previous.period,
      lines: contract.accounts.map((account) => ({ accountNumber: account.accountNumber, recipient: account.recipient, tariffGroup: account.tariffGroup, service: 'water' as const, volume: '10.000', tariff: '197.02', vatRate: '16', amount: '1970.20' })),
    };
    await commands.execute(new PublishCharges(charges));
    await commands.execute(new RecordPayment({ paymentId: `P-${prefix}-${mark}`, contractNumber: contract.contractNumber, date: `${previous.period}-10`, amount: '500.00' }));
    const token = await call('POST', '/api/v1/auth/token', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: who.login, password: PASSWORD }) });
    who.token = JSON.parse(token.text).accessToken;
    const report = await call('POST', '/api/v1/reports', { headers: { 'content-type': 'application/json', authorization: `Bearer ${who.token}` }, body: JSON.stringify({ kind: 'charges-breakdown', period: previous.period }) });
    who.reportId = JSON.parse(report.text).id;
    if (!who.reportId) throw new Error(`no report for ${prefix}: ${report.status} ${report.text}`);
  }

  beforeAll(async () => {
    smtp = await new SmtpCapture().start();
    config = await testConfig({ SMTP_URL: smtp.url });
    [web, worker] = await Promise.all([startWeb(config, { clock }), startWorker(config, { clock })]);
    origin = config.publicUrl.origin;
    // A's name carries the run's mark, so that any page or answer showing it is found.
    await seedSubscriber(a, aContract('legal', { name: `ТОО «Альфа ${mark}»` }), 'A');
    await seedSubscriber(b, aContract('individual', { name: `Бета Бетов ${mark}B` }), 'B');
    // The probes need no worker; without it, the reports they may request are not rendered meanwhile.
    await worker.close();
  }, 240_000);

  afterAll(async () => {
    await web?.close();
    await worker?.close().catch(() => undefined);
    await smtp?.stop();
  });

  /** A's identifiers, each matched as a whole word (`vk712345` holds A's contract number too). */
  const identifiersOfA = () => [
    a.contract.contractNumber,
    a.contract.iinBin,
    ...a.contract.accounts.map((account) => account.accountNumber),
    ...a.meters,
    ...a.factoryNumbers,
    a.reportId,
    a.email,
    `Альфа ${mark}`,
  ];

  function leakedIdentifiers(outcome: Outcome): string[] {
    const asked = decodeSafely(`${outcome.probe.url} ${outcome.probe.body instanceof Buffer ? outcome.probe.body.toString('latin1') : (outcome.probe.body ?? '')}`);
    const answer = decodeHtml(outcome.text) + outcome.location;
    return identifiersOfA().filter((id) => !asked.includes(id) && wholeWord(id).test(answer));
  }

  it('finds the routes in the router, the OpenAPI document and the forms, and refuses what it must', async () => {
    const started = Date.now();
    const catalogue = new RouteCatalogue();
    addRouterRoutes(catalogue, web);
    const document = await call('GET', '/api/docs-json');
    addOpenApiRoutes(catalogue, JSON.parse(document.text));
    const bSession = await pageSession(b);

    // The forms of every page B and an anonymous visitor can open (parameters filled with B's own ids).
    for (const route of catalogue.all().filter((each) => each.method === 'GET' && !each.path.startsWith('/api/'))) {
      const path = fill(route.path, b, false).path;
      for (const headers of [{}, { cookie: bSession.cookie }] as Array<Record<string, string>>) {
        const page = await call('GET', path, { headers });
        if (page.contentType.includes('html')) addFormRoutes(catalogue, page.text, path);
      }
    }
    const routes = catalogue.all();
    expect(routes.filter((route) => route.sources.has('router')).length).toBeGreaterThan(40);
    expect(routes.filter((route) => route.sources.has('openapi')).length).toBeGreaterThan(10);
    expect(routes.filter((route) => route.sources.has('form')).length).toBeGreaterThan(8);

    // Detector control: A's own answers do show A's identifiers, so their absence from B's means something.
    const own = await call('GET', '/api/v1/meters', { headers: { authorization: `Bearer ${a.token}` } });
    expect(leakedIdentifiers({ probe: { url: '/api/v1/meters' } as Probe, status: own.status, location: '', contentType: own.contentType, text: own.text })).toEqual(expect.arrayContaining([a.meters[0], a.factoryNumbers[0]]));

    // What A sees before the probes: no probe of B's or of no one's may change it (a cross-subscriber write).
    const asA = { authorization: `Bearer ${a.token}` };
    const viewOfA = async () => Promise.all(['/api/v1/me', '/api/v1/meters', '/api/v1/settlements', `/api/v1/reports/${a.reportId}`].map(async (path) => `${path} ${(await call('GET', path, { headers: asA })).text}`));
    const before = await viewOfA();

    // A page session of B for each state-changing page route (a probe may end its session: logout),
    // made before the probes, whose failed logins soon lock this address out of the login.
    const unsafe = routes.filter((route) => route.method !== 'GET' && !route.path.startsWith('/api/'));
    const sessions = new Map<Route, Session>();
    for (const batch of chunks(unsafe, CONCURRENCY)) await Promise.all(batch.map(async (route) => sessions.set(route, await pageSession(b))));

    const probes = routes.flatMap((route) => probesOf(route, { a, b, shared: bSession, own: sessions.get(route) }));
    const outcomes: Outcome[] = [];
    // Probes of one state-changing page route run in order on its own session; the rest in small lanes;
    // CONCURRENCY lanes at a time.
    const queue = [...groupBy(probes.filter((probe) => sessions.has(probe.route)), (probe) => `${probe.route.method} ${probe.route.path}`).values(), ...chunks(probes.filter((probe) => !sessions.has(probe.route)), 25)];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let lane = queue.shift(); lane; lane = queue.shift()) {
          for (const probe of lane) {
            const res = await call(probe.method, probe.url, { headers: probe.headers, body: probe.body });
            outcomes.push({ probe, status: res.status, location: res.location, contentType: res.contentType, text: res.text });
          }
        }
      }),
    );

    const failures: string[] = [];
    const after = await viewOfA();
    after.forEach((view, index) => {
      if (view !== before[index]) failures.push(`A's data changed by the probes: before ${before[index].slice(0, 300)} / after ${view.slice(0, 300)}`);
    });
    for (const outcome of outcomes) {
      const { probe, status } = outcome;
      const what = `${probe.kind} ${probe.method} ${probe.url.slice(0, 120)} → ${status}`;
      if (status >= 500) failures.push(`5xx: ${what}`);
      if (status === 0 && probe.kind !== 'oversized') failures.push(`connection failed (${outcome.text}): ${what}`);
      const leaked = leakedIdentifiers(outcome);
      if (leaked.length) failures.push(`cross-subscriber read of ${leaked.join(', ')}: ${what}`);
      if (probe.foreignObject && status >= 200 && status < 300) failures.push(`another subscriber's object answered: ${what}`);
      if (probe.mustBeRefusedAsCsrf && !refused(outcome)) failures.push(`CSRF not refused: ${what}`);
      if (probe.payload && outcome.contentType.includes('html') && UNESCAPED.some((raw) => probe.payload!.includes(raw) && outcome.text.includes(raw))) failures.push(`payload unescaped in the page: ${what}`);
    }
    const fivexx = outcomes.filter((outcome) => outcome.status >= 500).length;
    const refusedCount = outcomes.filter(refused).length;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(`hostile suite: ${routes.length} routes (${routes.filter((r) => r.sources.has('router')).length} router, ${routes.filter((r) => r.sources.has('openapi')).length} OpenAPI, ${routes.filter((r) => r.sources.has('form')).length} forms), ${seconds} s\n`);
    process.stdout.write(`${outcomes.length} probes, ${refusedCount} refused, ${fivexx} × 5xx\n`);
    expect(failures).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(500);
  }, 300_000);
});

/** Refused: an error status, a redirect to a login page, or the connection closed on an oversized body. */
function refused(outcome: Pick<Outcome, 'status' | 'location'>): boolean {
  return outcome.status === 0 || outcome.status >= 400 || (outcome.status >= 300 && outcome.status < 400 && /\/login\b/.test(outcome.location));
}

/** The route's path with its parameters filled: with A's objects (IDOR) or B's own. */
function fill(path: string, who: Subscriber, foreign: boolean): { path: string; foreignObject: boolean } {
  let foreignObject = false;
  const filled = path.replace(/[:*]([A-Za-z0-9_]+)/g, (_whole, name: string) => {
    if (/meter/i.test(name)) {
      foreignObject = foreign;
      return encodeURIComponent(who.meters[0]);
    }
    if (/^id$|report/i.test(name)) {
      foreignObject = foreign;
      return who.reportId;
    }
    if (/code|lang/i.test(name)) return 'kk';
    if (/period/i.test(name)) return monthFrom(testClock().now(), -1).period;
    if (/queue/i.test(name)) return 'email';
    return 'x';
  });
  return { path: filled, foreignObject };
}

/** The query and body of a route filled with acceptable values, with A's identifiers where a field names one. */
function valuesOf(fields: Field[], a: Subscriber): Record<string, unknown> {
  return Object.fromEntries(
    fields.map((field) => {
      if (field.sample !== undefined && field.sample !== '') return [field.name, field.sample];
      if (/meter/i.test(field.name)) return [field.name, a.meters[0]];
      if (/period|from|^to$/i.test(field.name)) return [field.name, monthFrom(testClock().now(), -1).period];
      if (/number|contract|login/i.test(field.name)) return [field.name, a.contract.contractNumber];
      if (/iin|bin/i.test(field.name)) return [field.name, a.contract.iinBin];
      if (/mail/i.test(field.name)) return [field.name, `probe-${mark.toLowerCase()}@example.kz`];
      return [field.name, 'x'];
    }),
  );
}

/** Puts `value` at a dotted path (`readings.0.value`) of a JSON body. */
function withValue(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  const parts = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const part of parts.slice(0, -1)) {
    if (node[part] === null || typeof node[part] !== 'object') node[part] = /^\d+$/.test(parts[parts.indexOf(part) + 1] ?? '') ? [] : {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
  return copy;
}

function bodyFromOpenApi(route: Route, a: Subscriber): Record<string, unknown> {
  let body: Record<string, unknown> = route.sampleBody ? JSON.parse(JSON.stringify(route.sampleBody)) : {};
  for (const field of route.body) {
    const value = valuesOf([field], a)[field.name];
    if (field.sample === undefined) body = withValue(body, field.name, value);
  }
  return body;
}

function form(values: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (Array.isArray(value)) value.forEach((each) => params.append(name, String(each)));
    else params.append(name, value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return params.toString();
}

function probesOf(route: Route, context: { a: Subscriber; b: Subscriber; shared: Session; own?: Session }): Probe[] {
  const { a, b, shared, own } = context;
  const api = route.path.startsWith('/api/');
  const unsafe = route.method !== 'GET' && route.method !== 'HEAD';
  const { path, foreignObject } = fill(route.path, a, true);
  const queryValues = valuesOf(route.query, a);
  const withQuery = (values: Record<string, unknown>, base = path) => (Object.keys(values).length ? `${base}?${form(values)}` : base);
  const probes: Probe[] = [];
  const probe = (kind: ProbeKind, init: Partial<Probe> & { url?: string }): void => {
    probes.push({ kind, route, method: route.method, url: init.url ?? withQuery(queryValues), headers: init.headers ?? {}, body: init.body, foreignObject: init.foreignObject ?? foreignObject, mustBeRefusedAsCsrf: init.mustBeRefusedAsCsrf ?? false, payload: init.payload });
  };

  // As B: the bearer token for the API, the page session elsewhere (its own for a state-changing route).
  const session = unsafe && !api ? own ?? shared : shared;
  const asB: Record<string, string> = api ? { authorization: `Bearer ${b.token}` } : { cookie: session.cookie };
  const json = { 'content-type': 'application/json' };
  const urlencoded = { 'content-type': 'application/x-www-form-urlencoded' };
  const sample = api ? bodyFromOpenApi(route, a) : { ...valuesOf(route.body, a) };
  const encode = (values: Record<string, unknown>, csrf?: string) => (api ? JSON.stringify(values) : form(csrf === undefined ? values : { ...values, _csrf: csrf }));
  const bodyHeaders = api ? json : urlencoded;

  probe('anonymous', { headers: unsafe ? bodyHeaders : {}, body: unsafe ? encode(sample) : undefined });
  probe('other-subscriber', { headers: { ...asB, ...(unsafe ? bodyHeaders : {}) }, body: unsafe ? encode(sample, api ? undefined : session.csrf) : undefined });
  if (api && !unsafe) probe('other-subscriber', { headers: { cookie: shared.cookie } });

  if (unsafe) {
    // B's cookie with a forged token, and with the right token from a foreign Origin: both refused.
    probe('forged-csrf', { headers: { cookie: session.cookie, ...bodyHeaders, 'x-csrf-token': 'forged-token' }, body: api ? JSON.stringify({ ...sample, _csrf: 'forged-token' }) : form({ ...sample, _csrf: 'forged-token' }), mustBeRefusedAsCsrf: true });
    probe('foreign-origin', { headers: { cookie: session.cookie, ...bodyHeaders, origin: FOREIGN_ORIGIN, 'x-csrf-token': session.csrf }, body: encode(sample, api ? undefined : session.csrf), mustBeRefusedAsCsrf: true });
    probe('oversized', { headers: { ...asB, ...json }, body: JSON.stringify({ ...sample, filler: 'x'.repeat(2 * 1024 * 1024) }) });
    probe('oversized', { headers: { ...asB, ...urlencoded }, body: `${form({ ...sample, _csrf: session.csrf })}&filler=${'x'.repeat(200 * 1024)}` });
    probe('deep', { headers: { ...asB, ...json }, body: `${'{"a":['.repeat(1000)}1${']}'.repeat(1000)}` });
    probe('malformed-utf8', { headers: { ...asB, ...json }, body: Buffer.concat([Buffer.from('{"login":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('","password":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]) });
    probe('malformed-utf8', { headers: { ...asB, ...urlencoded }, body: Buffer.concat([Buffer.from(`_csrf=${session.csrf}&login=%FF%FE&name=`), Buffer.from([0xc3, 0x28, 0xff])]) });
    const put = (values: Record<string, unknown>, name: string, value: unknown) => (api ? withValue(values, name, value) : { ...values, [name]: value });
    for (const field of route.body) {
      for (const wrong of WRONG_TYPES.slice(0, 2)) probe('wrong-type', { headers: { ...asB, ...bodyHeaders }, body: encode(put(sample, field.name, wrong), api ? undefined : session.csrf) });
    }
    if (route.body.length) {
      for (const wrong of WRONG_TYPES.slice(2)) probe('wrong-type', { headers: { ...asB, ...bodyHeaders }, body: encode(route.body.reduce((values, field) => put(values, field.name, wrong), sample), api ? undefined : session.csrf) });
    }
    // Each payload in every text field at once: each field's answer is checked for it.
    const textFields = route.body.filter((field) => field.text);
    if (textFields.length) {
      for (const payload of XSS_SQL) probe('payload', { headers: { ...asB, ...bodyHeaders }, body: encode(textFields.reduce((values, field) => put(values, field.name, payload), sample), api ? undefined : session.csrf), payload });
    }
  }

  // Query parameters and path parameters: wrong types (repeated keys), malformed UTF-8 and payloads.
  const pathWithParams = route.path.includes(':') || route.path.includes('*');
  const garbled = pathWithParams ? route.path.replace(/[:*][A-Za-z0-9_]+/g, '%C3%28%FF') : path;
  probe('malformed-utf8', { headers: asB, url: `${withQuery(queryValues, garbled)}${route.query.length ? '&' : '?'}x=%FF%FE`, foreignObject: false });
  for (const field of route.query) probe('wrong-type', { headers: asB, url: withQuery({ ...queryValues, [field.name]: ['x', 'y'] }) });
  const textQuery = route.query.filter((field) => field.text);
  if (textQuery.length) {
    for (const payload of XSS_SQL) probe('payload', { headers: asB, url: withQuery({ ...queryValues, ...Object.fromEntries(textQuery.map((field) => [field.name, payload])) }), payload });
  }
  if (pathWithParams) {
    for (const payload of XSS_SQL) probe('payload', { headers: asB, url: withQuery(queryValues, route.path.replace(/[:*][A-Za-z0-9_]+/g, encodeURIComponent(payload))), payload, foreignObject: false });
  }
  return probes;
}

function sessionCookieOf(setCookie: string[]): string {
  const cookie = setCookie.find((each) => each.startsWith('vk.sid='));
  return cookie ? cookie.split(';')[0] : '';
}

function wholeWord(id: string): RegExp {
  return new RegExp(`(?<![0-9A-Za-z])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![0-9A-Za-z])`);
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text.replace(/%([0-9A-Fa-f]{2})/g, (whole, hex: string) => (parseInt(hex, 16) < 0x80 ? String.fromCharCode(parseInt(hex, 16)) : whole));
  }
}

function decodeHtml(text: string): string {
  return text.replace(/&#x([0-9a-f]+);/gi, (_w, hex: string) => String.fromCodePoint(parseInt(hex, 16))).replace(/&#(\d+);/g, (_w, dec: string) => String.fromCodePoint(Number(dec))).replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&laquo;/g, '«').replace(/&raquo;/g, '»');
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += Math.max(1, size)) out.push(items.slice(i, i + Math.max(1, size)));
  return out;
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}
