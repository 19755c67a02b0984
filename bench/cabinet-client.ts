/**
 * A subscriber in the cabinet's HTML pages, as a browser drives them (bench:pdf, bench:peak): a cookie
 * jar, the forms' CSRF tokens and hidden fields read from the pages, redirects followed by hand so that
 * each page is timed on its own. No JavaScript: the report status page is polled as billing-report.js
 * polls it (its JSON status, every 500 ms).
 */
import { Agent, IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Timed {
  status: number;
  ms: number;
  body: string;
  headers: IncomingHttpHeaders;
}

/**
 * node:http with kept-alive connections, not fetch: the clients run on the cores being measured, and
 * fetch (undici) took 0.3–0.5 ms more CPU per request than node:http (a 25 KB answer, 2026-12-03),
 * a few ms per visit of bench:peak taken from the cabinet.
 */
const agent = new Agent({ keepAlive: true });

export class CabinetClient {
  private readonly cookies = new Map<string, string>();

  /**
   * `address`: the subscriber's own address, sent as a proxy in front of the cabinet would send it
   * (X-Forwarded-For; the web process started with TRUST_PROXY=loopback), so that many subscribers are
   * not one client address to the login limits.
   */
  constructor(
    readonly origin: string,
    private readonly address?: string,
  ) {}

  /** One request (no redirect followed), with the jar's cookies; its time from start to the last byte. */
  async request(method: 'GET' | 'POST', path: string, form?: Array<[string, string]>): Promise<Timed & { bytes: Buffer }> {
    const started = performance.now();
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const url = new URL(path, this.origin);
    const res = await new Promise<{ status: number; headers: IncomingHttpHeaders; bytes: Buffer }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: `${url.pathname}${url.search}`,
          method,
          agent,
          headers: {
            cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
            ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), origin: this.origin } : {}),
            'accept-language': 'ru',
            ...(this.address ? { 'x-forwarded-for': this.address } : {}),
          },
        },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => resolve({ status: answer.statusCode ?? 0, headers: answer.headers, bytes: Buffer.concat(chunks) }));
          answer.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    const ms = performance.now() - started;
    for (const cookie of res.headers['set-cookie'] ?? []) {
      const [pair] = cookie.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    const isText = /text|json/.test(res.headers['content-type'] ?? '');
    return { status: res.status, ms, body: isText ? res.bytes.toString('utf8') : '', bytes: res.bytes, headers: res.headers };
  }

  /** The login form, then its POST (303 to /cabinet). Answers the two times. */
  async logIn(login: string, password: string): Promise<{ page: number; submit: number }> {
    const page = await this.request('GET', '/login');
    expectStatus(page, 200, 'GET /login');
    const submit = await this.request('POST', '/login', [
      ['_csrf', csrfOf(page.body)],
      ['next', ''],
      ['login', login],
      ['password', password],
    ]);
    expectStatus(submit, 303, 'POST /login');
    if (/\/login/.test(submit.headers.location ?? '')) throw new Error(`POST /login refused ${login}`);
    return { page: page.ms, submit: submit.ms };
  }

  async logOut(page: string): Promise<Timed> {
    const answer = await this.request('POST', '/logout', [['_csrf', csrfOf(page)]]);
    expectStatus(answer, 303, 'POST /logout');
    this.cookies.clear();
    return answer;
  }

  /**
   * «Скачать отчет» on the breakdown page `page` (its HTML): the form's POST, answered by the PDF itself
   * when it is ready within the cabinet's short wait, else by the status page, polled until the PDF is
   * ready and then downloaded (as the page does by itself). Answers the time from the click to the last
   * byte of the file, and whether it took the status page.
   */
  async downloadReport(page: string): Promise<{ ms: number; waited: boolean; bytes: number }> {
    const started = performance.now();
    const form = reportFormOf(page);
    const answer = await this.request('POST', form.action, [...form.fields, ['delivery', 'download']]);
    if (answer.status === 200 && answer.headers['content-type'] === 'application/pdf') {
      return { ms: performance.now() - started, waited: false, bytes: answer.bytes.length };
    }
    expectStatus(answer, 303, `POST ${form.action}`);
    const statusPage = answer.headers.location ?? '';
    const id = /\/cabinet\/reports\/([0-9a-f-]{36})/.exec(statusPage)?.[1];
    if (!id) throw new Error(`POST ${form.action} redirected to ${statusPage}`);
    expectStatus(await this.request('GET', statusPage), 200, statusPage);
    for (let tries = 0; tries < 600; tries += 1) {
      await sleep(tries === 0 ? 300 : 500);
      const status = await this.request('GET', `/cabinet/reports/${id}/status?download=1`);
      const state = (JSON.parse(status.body) as { state: string }).state;
      if (state === 'ready') break;
      if (state !== 'pending') throw new Error(`report ${id}: ${state}`);
    }
    const file = await this.request('GET', `/cabinet/reports/${id}/file`);
    expectStatus(file, 200, 'GET the report file');
    return { ms: performance.now() - started, waited: true, bytes: file.bytes.length };
  }
}

export function expectStatus(answer: { status: number; body: string }, status: number, what: string): void {
  if (answer.status !== status) throw new Error(`${what} answered ${answer.status} (expected ${status}): ${answer.body.slice(0, 300)}`);
}

/** The page's CSRF token (any form's). */
export function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token on the page');
  return token;
}

/** The report form of a breakdown or reconciliation page: its action and hidden fields. */
export function reportFormOf(html: string): { action: string; fields: Array<[string, string]> } {
  const form = /<form method="post" action="([^"]+)" class="report-actions">([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error('no report form on the page (a month without charges?)');
  const fields = [...form[2].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], decode(m[2])] as [string, string]);
  return { action: form[1], fields };
}

function decode(text: string): string {
  return text.replace(/&#x3D;/g, '=').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
