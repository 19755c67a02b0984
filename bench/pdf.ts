/**
 * PDF reports (npm run bench:pdf): in one run, side by side,
 * 1. raw Chromium (playwright-core, the system's browser with the worker's flags) rendering the very
 *    HTML the pdf worker renders for «Скачать отчет» (the demo's vk2666, the breakdown of the previous
 *    month), on warm pages reused across documents, one to four at once: its best rate on this machine
 *    is the ceiling, measured again at that concurrency after the cabinet's turn (3.) and averaged with
 *    the first, as bench:readings measures its bare endpoint around the cabinet: Chromium's speed on this
 *    machine moves by a third within minutes (raw 22.3 and then 31.3 PDFs/s, 2026-12-03);
 * 2. the cabinet: BENCH_PDF_SUBSCRIBERS (default 10) subscribers logged in through the pages, each
 *    clicking «Скачать отчет» on the breakdown page again as soon as the last file arrived (a closed
 *    loop): the form's POST, the document request and its outbox event, the relay, the pdf queue, the
 *    worker's Chromium, the web process's wait, and the file (or the status page and then the file, when
 *    it took longer than the wait);
 * 3. raw Chromium again, at the concurrency that was its best in 1.
 * It prints both rates, the cabinet's share of the ceiling (target ≥ 80%), and the click→file p50 and
 * p95 (target p95 < 1 s), with the machine's load (figures on a shared machine are not comparable).
 *
 * The web process and the worker run from dist (built first), as children on a database and Redis
 * prefix of their own, with the V8 flags of scripts/node-flags.js; the demo data is made and imported
 * as scripts/demo.sh does (demo-events, import-events, seed-demo-subscribers).
 *
 * Settings (environment): BENCH_PDF_DURATION seconds of the cabinet's measurement (default 20),
 * BENCH_PDF_RAW_SECONDS per raw concurrency (default 8), BENCH_PDF_RAW_CONCURRENCY (default 1,2,4),
 * BENCH_PDF_SUBSCRIBERS (default 10), BENCH_PDF_WARMUP seconds (default 5), BENCH_PDF_DATABASE_URL
 * (default …/vodokanal_bench_pdf), BENCH_PDF_REDIS_PREFIX (default bench-pdf); PDF_PAGES and
 * PDF_PAGE_DOCUMENTS are passed on to the worker.
 */
import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { chromium } from 'playwright-core';
import { dropDatabase, projectRoot } from '@app/persistence';
import { Messages, TemplateRegistry } from '@app/web';
import { CHROMIUM_ARGS } from '../libs/documents/chromium-pdf-renderer';
import { locateChromium } from '../libs/documents/chromium-executable';
import { PDF_LAYOUT } from '../libs/documents/pdf.processor';
import { prepareDatabase } from '../src/prepare-database';
import { CabinetClient, expectStatus, reportFormOf } from './cabinet-client';
import { Child, CHROMIUM_PROCESS, cleanRedis, cpuCounter, cpuOfDescendants, cpuSeconds, freePort, machineCpuCounter, machineLoad, MemoryPeaks, percentile, POSTGRES, raisePeaks, REDIS_SERVER, sampleMemory, startChild, stopProcess } from './support';

const DURATION = Number(process.env.BENCH_PDF_DURATION ?? 20);
const RAW_SECONDS = Number(process.env.BENCH_PDF_RAW_SECONDS ?? 8);
const RAW_CONCURRENCY = (process.env.BENCH_PDF_RAW_CONCURRENCY ?? '1,2,4').split(',').map(Number);
const SUBSCRIBERS = Number(process.env.BENCH_PDF_SUBSCRIBERS ?? 10);
const WARMUP = Number(process.env.BENCH_PDF_WARMUP ?? 5);
const DATABASE_URL = process.env.BENCH_PDF_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vodokanal_bench_pdf';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const REDIS_PREFIX = process.env.BENCH_PDF_REDIS_PREFIX ?? 'bench-pdf';
/** The demo's legal entity (src/cli/seed-demo-subscribers.ts). */
const LOGIN = 'vk2666';
const PASSWORD = 'Demo-Pavlodar-2666';

const dist = (file: string) => [join(projectRoot(), 'dist', 'src', file)];

interface RawResult {
  concurrency: number;
  rate: number;
  p50: number;
  p95: number;
  /** CPU ms of Chromium's processes per PDF. */
  chromiumMs: number;
}

/** Raw Chromium on warm pages (each in its own context, JavaScript and network off, as the worker's). */
async function rawChromium(html: string, concurrencies: number[]): Promise<RawResult[]> {
  const executablePath = locateChromium(process.env.CHROMIUM_PATH ?? null);
  if (!executablePath) throw new Error('Chromium is not installed (apt-get install -y chromium, or set CHROMIUM_PATH)');
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const results: RawResult[] = [];
  try {
    for (const concurrency of concurrencies) {
      const pages = await Promise.all(
        Array.from({ length: concurrency }, async () => {
          const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
          await context.route(/^(?!data:|about:)/, (route) => route.abort());
          const page = await context.newPage();
          await page.emulateMedia({ media: 'print' });
          return page;
        }),
      );
      const render = async (page: (typeof pages)[number]) => {
        await page.setContent(html, { waitUntil: 'load' });
        return page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      };
      // Warm (the first documents of a page cost more), then measured.
      await Promise.all(pages.map(async (page) => (await render(page), render(page))));
      const times: number[] = [];
      const chromiumBefore = cpuOfDescendants(process.pid, CHROMIUM_PROCESS);
      const until = performance.now() + RAW_SECONDS * 1000;
      await Promise.all(
        pages.map(async (page) => {
          while (performance.now() < until) {
            const started = performance.now();
            await render(page);
            times.push(performance.now() - started);
          }
        }),
      );
      const chromiumMs = ((cpuOfDescendants(process.pid, CHROMIUM_PROCESS) - chromiumBefore) * 1000) / Math.max(1, times.length);
      await Promise.all(pages.map((page) => page.context().close()));
      times.sort((a, b) => a - b);
      results.push({ concurrency, rate: times.length / RAW_SECONDS, p50: percentile(times, 50), p95: percentile(times, 95), chromiumMs });
    }
  } finally {
    await browser.close();
  }
  return results;
}

async function main(): Promise<void> {
  process.stdout.write(`PDF benchmark: ${SUBSCRIBERS} subscribers for ${DURATION} s, raw Chromium at ${RAW_CONCURRENCY.join(', ')} pages for ${RAW_SECONDS} s each; ${machineLoad()}\n`);
  await dropDatabase(DATABASE_URL).catch(() => undefined);
  await cleanRedis(REDIS_URL, REDIS_PREFIX);
  await prepareDatabase(DATABASE_URL);
  const port = await freePort();
  const env = { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, DATABASE_URL, REDIS_URL, REDIS_PREFIX, LOG_LEVEL: process.env.BENCH_PDF_LOG_LEVEL ?? 'warn', NODE_ENV: 'development' };
  const origin = `http://127.0.0.1:${port}`;
  let web: Child | undefined;
  let worker: Child | undefined;
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  try {
    [web, worker] = await Promise.all([startChild('web', dist('main.js'), env, 'listening'), startChild('worker', dist('worker.js'), env, 'Worker')]);
    // The demo data, as scripts/demo.sh loads it.
    mkdirSync(join(projectRoot(), 'tmp', 'bench'), { recursive: true });
    const events = join(projectRoot(), 'tmp', 'bench', 'pdf-demo-events.json');
    await startChild('demo-events', dist('cli/demo-events.js').concat(events), env);
    await startChild('import-events', dist('cli/import-events.js').concat(events), env);
    await startChild('seed-demo-subscribers', dist('cli/seed-demo-subscribers.js').concat(events), env);

    // The HTML the worker renders: one report asked for while the worker is stopped, read from its row.
    await stopProcess(worker.process);
    const probe = new CabinetClient(origin);
    await probe.logIn(LOGIN, PASSWORD);
    const chargesPage = await probe.request('GET', '/cabinet/charges');
    expectStatus(chargesPage, 200, 'GET /cabinet/charges');
    const period = /name="month" value="(\d+)"[\s\S]*?name="year" value="(\d+)"/.exec(chargesPage.body);
    const form = reportFormOf(chargesPage.body);
    expectStatus(await probe.request('POST', form.action, [...form.fields, ['delivery', 'download']]), 303, 'the report asked for with the worker stopped');
    const { rows } = await db.query<{ template: string; params: Record<string, unknown>; locale: string }>(`select template, params, locale from document_request order by created_at desc limit 1`);
    const html = new TemplateRegistry(new Messages()).render(rows[0].template, { ...rows[0].params, locale: rows[0].locale, layout: PDF_LAYOUT });
    process.stdout.write(`The document: ${rows[0].template} of ${LOGIN} for month ${period?.[1]}/${period?.[2]}, ${Buffer.byteLength(html)} bytes of HTML\n`);

    const raw = await rawChromium(html, RAW_CONCURRENCY);
    const best = raw.reduce((a, b) => (b.rate > a.rate ? b : a));

    worker = await startChild('worker', dist('worker.js'), env, 'Worker');
    // One after another: ten concurrent logins of one login would be refused by the login limits.
    const subscribers: Array<{ client: CabinetClient; page: string }> = [];
    for (let i = 0; i < SUBSCRIBERS; i += 1) {
      const client = new CabinetClient(origin);
      await client.logIn(LOGIN, PASSWORD);
      const page = await client.request('GET', '/cabinet/charges');
      expectStatus(page, 200, 'GET /cabinet/charges');
      subscribers.push({ client, page: page.body });
    }
    const loop = async (seconds: number, record: boolean) => {
      const times: number[] = [];
      let waited = 0;
      const errors: string[] = [];
      const until = performance.now() + seconds * 1000;
      await Promise.all(
        subscribers.map(async ({ client, page }) => {
          while (performance.now() < until) {
            try {
              const result = await client.downloadReport(page);
              if (result.bytes < 1000) throw new Error(`a PDF of ${result.bytes} bytes`);
              times.push(result.ms);
              if (result.waited) waited += 1;
            } catch (error) {
              errors.push((error as Error).message);
            }
          }
        }),
      );
      return record ? { times, waited, errors } : undefined;
    };
    await loop(WARMUP, false);
    const pids = { web: web.process.pid, worker: worker.process.pid };
    const before = { web: cpuSeconds(pids.web), worker: cpuSeconds(pids.worker), chromium: cpuOfDescendants(pids.worker) };
    const machine = machineCpuCounter();
    // Where the rest of the machine's CPU goes: PostgreSQL, Redis, and this process (the subscribers' clients).
    const postgresUsed = cpuCounter(POSTGRES);
    const redisUsed = cpuCounter(REDIS_SERVER);
    const ownBefore = process.cpuUsage();
    const peak: MemoryPeaks = { web: 0, worker: 0, chromium: 0 };
    const sampler = sampleMemory(pids, (now) => raisePeaks(peak, now), 500);
    const started = performance.now();
    const measured = (await loop(DURATION, true))!;
    const elapsed = (performance.now() - started) / 1000;
    sampler.stop();
    const used = machine();
    const own = process.cpuUsage(ownBefore);
    const samplerSeconds = sampler.cpuMs() / 1000;
    const others = { postgres: postgresUsed(), redis: redisUsed(), sampler: samplerSeconds, clients: (own.user + own.system) / 1e6 - samplerSeconds };
    const count = measured.times.length;
    const cpuPer = (now: number, then: number) => (count === 0 ? 0 : ((now - then) * 1000) / count);
    const chromiumCpu = cpuOfDescendants(pids.worker);
    const cpuNow = { web: cpuSeconds(pids.web), worker: cpuSeconds(pids.worker) };
    const times = measured.times.sort((a, b) => a - b);
    const rate = count / elapsed;
    // Raw Chromium once more, at its best concurrency, now that the cabinet's turn is over (its processes idle).
    const [again] = await rawChromium(html, [best.concurrency]);
    const ceiling = (best.rate + again.rate) / 2;
    const share = rate / ceiling;
    const p95 = percentile(times, 95);
    process.stdout.write(
      [
        '',
        'Raw Chromium, the same HTML, warm pages reused:',
        ...raw.map((r) => `  ${r.concurrency} at once: ${r.rate.toFixed(1)} PDFs/s, p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms, Chromium's CPU ${r.chromiumMs.toFixed(1)} ms per PDF${r === best ? '  ← best' : ''}`),
        `Cabinet, ${SUBSCRIBERS} subscribers clicking «Скачать отчет»: ${rate.toFixed(1)} PDFs/s (${count} files in ${elapsed.toFixed(1)} s, ${measured.waited} through the status page, ${measured.errors.length} errors)`,
        `  click→file p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${(times.at(-1) ?? NaN).toFixed(0)} ms (target p95 < 1000 ms): ${p95 < 1000 ? 'MET' : 'NOT MET'}`,
        `  CPU per PDF: web ${cpuPer(cpuNow.web, before.web).toFixed(1)} ms, worker ${cpuPer(cpuNow.worker, before.worker).toFixed(1)} ms, its Chromium ${cpuPer(chromiumCpu, before.chromium).toFixed(1)} ms, PostgreSQL ${cpuPer(others.postgres, 0).toFixed(1)} ms, Redis ${cpuPer(others.redis, 0).toFixed(1)} ms, the subscribers' clients (this process) ${cpuPer(others.clients, 0).toFixed(1)} ms, its memory sampler ${cpuPer(others.sampler, 0).toFixed(1)} ms; the machine's CPUs ${(used.busy * 100).toFixed(0)}% busy`,
        `  peak RSS: web ${peak.web.toFixed(0)} MiB, worker ${peak.worker.toFixed(0)} MiB, its Chromium (PSS of all its processes, read every 5 s) ${peak.chromium.toFixed(0)} MiB`,
        '',
        `Raw Chromium again after the cabinet, ${again.concurrency} at once: ${again.rate.toFixed(1)} PDFs/s, p50 ${again.p50.toFixed(0)} ms, p95 ${again.p95.toFixed(0)} ms, Chromium's CPU ${again.chromiumMs.toFixed(1)} ms per PDF`,
        '',
        `cabinet ${rate.toFixed(1)}/s = ${(share * 100).toFixed(1)}% of raw Chromium's best ${ceiling.toFixed(1)}/s (${best.concurrency} at once: ${best.rate.toFixed(1)}/s before the cabinet, ${again.rate.toFixed(1)}/s after) (target ≥ 80%): ${share >= 0.8 ? 'MET' : 'NOT MET'}`,
        `machine at the end: ${machineLoad()}`,
        ...(measured.errors.length > 0 ? [`errors (first 5): ${measured.errors.slice(0, 5).join(' | ')}`] : []),
        '',
      ].join('\n'),
    );
    if (measured.errors.length > 0) process.exitCode = 1;
  } finally {
    await db.end();
    await stopProcess(worker?.process);
    await stopProcess(web?.process);
    await cleanRedis(REDIS_URL, REDIS_PREFIX);
    await dropDatabase(DATABASE_URL).catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
