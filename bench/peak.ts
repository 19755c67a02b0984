/**
 * Month-end capacity (npm run bench:peak): simulated subscribers arrive at a fixed rate (visits per
 * minute, evenly spaced, whatever the earlier visits are doing: an open loop) and each makes one
 * realistic visit through the HTML pages, as a browser without JavaScript would:
 *   log in (the form, then its POST), open «Показания приборов учета», submit both meters' readings
 *   (POST, then the page it redirects to), open «Расшифровка начислений» (the previous month), one
 *   visit in ten downloads its PDF («Скачать отчет»: the file, or the status page then the file), log out.
 * The rate steps up (BENCH_PEAK_START visits/min, times BENCH_PEAK_FACTOR each step of
 * BENCH_PEAK_STEP_SECONDS) until a step fails: any page's p95 at or above 500 ms, or anything failing.
 * It prints each step, the highest rate that held, the CPU per visit of each process at that step (web,
 * worker, the worker's Chromium, PostgreSQL, from /proc), and each process's peak RSS up to that step
 * (targets: web ≤ 200 MB, worker ≤ 250 MB; Chromium counted apart) and over the whole run (the
 * overloaded step included), with the machine's load.
 *
 * The web process and the worker run from dist (built first), as children on a database and Redis
 * prefix of their own, with the V8 flags of scripts/node-flags.js: one of each, as on a 2-core node.
 *
 * Settings (environment): BENCH_PEAK_USERS subscribers seeded (default 300), BENCH_PEAK_START (default
 * 60), BENCH_PEAK_FACTOR (default 1.5), BENCH_PEAK_STEP_SECONDS (default 40), BENCH_PEAK_STEPS at most
 * (default 10), BENCH_PEAK_PDF_EVERY (default 10), BENCH_PEAK_P95_MS (default 500),
 * BENCH_PEAK_DATABASE_URL (default …/vodokanal_bench_peak), BENCH_PEAK_REDIS_PREFIX (default bench-peak),
 * BENCH_PEAK_NODE_FLAGS to replace scripts/node-flags.js's flags for both processes (e.g. to weigh
 * --max-semi-space-size).
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropDatabase, projectRoot } from '@app/persistence';
import { localMonthOf } from '@app/shared-kernel';
import { prepareDatabase } from '../src/prepare-database';
import { CabinetClient, csrfOf, expectStatus } from './cabinet-client';
import { Child, cleanRedis, cpuCounter, cpuOfDescendants, cpuSeconds, freePort, machineCpuCounter, machineLoad, MemoryPeaks, percentile, POSTGRES, raisePeaks, rssMiB, sampleMemory, startChild, stopProcess } from './support';
import { seedCabinets, subscriberAddress } from './seed-cabinets';

const USERS = Number(process.env.BENCH_PEAK_USERS ?? 300);
const START = Number(process.env.BENCH_PEAK_START ?? 60);
const FACTOR = Number(process.env.BENCH_PEAK_FACTOR ?? 1.5);
const STEP_SECONDS = Number(process.env.BENCH_PEAK_STEP_SECONDS ?? 40);
const STEPS = Number(process.env.BENCH_PEAK_STEPS ?? 10);
const PDF_EVERY = Number(process.env.BENCH_PEAK_PDF_EVERY ?? 10);
const P95_MS = Number(process.env.BENCH_PEAK_P95_MS ?? 500);
const DATABASE_URL = process.env.BENCH_PEAK_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vodokanal_bench_peak';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const REDIS_PREFIX = process.env.BENCH_PEAK_REDIS_PREFIX ?? 'bench-peak';
const PASSWORD = 'Bench-peak-password-2026';
const FLAGS = process.env.BENCH_PEAK_NODE_FLAGS?.split(/\s+/).filter(Boolean);

const PAGES = ['login page', 'login', 'readings page', 'submit readings', 'breakdown page', 'PDF click→file', 'logout'] as const;
type PageName = (typeof PAGES)[number];

interface Subscriber {
  login: string;
  value: number;
  /** Where the subscriber comes from (X-Forwarded-For): many subscribers are many addresses. */
  address: string;
}

/** The month before this one, as the breakdown opens on it. */
function previousMonth(): string {
  const [year, month] = localMonthOf(new Date()).split('-').map(Number);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** Contracts with two meters and last month's charges, and their cabinets, through the modules' commands. */
async function seed(): Promise<Subscriber[]> {
  const cabinets = await seedCabinets({ databaseUrl: DATABASE_URL, redisUrl: REDIS_URL, redisPrefix: REDIS_PREFIX, count: USERS, firstContract: 700000, name: (i) => `ТОО «Пик ${i}»`, email: (i) => `bench-peak-${i}@example.kz`, password: PASSWORD, chargesFor: previousMonth() });
  return cabinets.map((cabinet, i) => ({ login: cabinet.login, value: 10, address: subscriberAddress(30, i) }));
}

/** One subscriber's visit; each page's time is recorded under its name. */
async function visit(origin: string, subscriber: Subscriber, withPdf: boolean, record: (page: PageName, ms: number) => void): Promise<void> {
  const client = new CabinetClient(origin, subscriber.address);
  const login = await client.logIn(subscriber.login, PASSWORD);
  record('login page', login.page);
  record('login', login.submit);
  const readings = await client.request('GET', '/cabinet/readings');
  expectStatus(readings, 200, 'GET /cabinet/readings');
  record('readings page', readings.ms);
  subscriber.value += 1;
  const meters = [...readings.body.matchAll(/<input type="hidden" name="meterId" value="([^"]+)">/g)].map((m) => m[1]);
  if (meters.length === 0) throw new Error('no meters on the readings page');
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(readings.body)?.[1] ?? '';
  const submitted = await client.request('POST', '/cabinet/readings', [
    ['_csrf', csrfOf(readings.body)],
    ['idempotencyKey', key],
    ['confirmSingleMeter', '0'],
    ...meters.flatMap((meterId, i): Array<[string, string]> => [
      ['meterId', meterId],
      ['value', `${subscriber.value}.${i + 1}`],
    ]),
  ]);
  expectStatus(submitted, 303, 'POST /cabinet/readings');
  const after = await client.request('GET', '/cabinet/readings');
  expectStatus(after, 200, 'GET /cabinet/readings after the submission');
  record('submit readings', submitted.ms + after.ms);
  const breakdown = await client.request('GET', '/cabinet/charges');
  expectStatus(breakdown, 200, 'GET /cabinet/charges');
  record('breakdown page', breakdown.ms);
  if (withPdf) record('PDF click→file', (await client.downloadReport(breakdown.body)).ms);
  record('logout', (await client.logOut(breakdown.body)).ms);
}

interface Step {
  perMinute: number;
  visits: number;
  failed: number;
  errors: string[];
  p95: Map<PageName, number>;
  p50: Map<PageName, number>;
  cpu: { web: number; worker: number; chromium: number; postgres: number };
  busy: number;
  held: boolean;
  /** Peak RSS (MiB) of the web process and the worker during the step, and the PSS of the worker's Chromium. */
  rss: MemoryPeaks;
}

async function main(): Promise<void> {
  process.stdout.write(`Peak benchmark: ${USERS} subscribers, from ${START} visits/min ×${FACTOR} every ${STEP_SECONDS} s, a PDF every ${PDF_EVERY} visits; ${machineLoad()}\n`);
  await dropDatabase(DATABASE_URL).catch(() => undefined);
  await cleanRedis(REDIS_URL, REDIS_PREFIX);
  await prepareDatabase(DATABASE_URL);
  const subscribers = await seed();
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  await db.query('analyze');
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env = { PORT: String(port), PUBLIC_URL: origin, DATABASE_URL, REDIS_URL, REDIS_PREFIX, LOG_LEVEL: process.env.BENCH_PEAK_LOG_LEVEL ?? 'warn', NODE_ENV: 'development', TRUST_PROXY: 'loopback' };
  const dist = (file: string) => [join(projectRoot(), 'dist', 'src', file)];
  let web: Child | undefined;
  let worker: Child | undefined;
  const peak: MemoryPeaks = { web: 0, worker: 0, chromium: 0 };
  // The same, during the step under way (reset at each step's start).
  let stepPeak: MemoryPeaks = { web: 0, worker: 0, chromium: 0 };
  let sampler: ReturnType<typeof sampleMemory> | undefined;
  try {
    [web, worker] = await Promise.all([startChild('web', dist('main.js'), env, 'listening', [], FLAGS), startChild('worker', dist('worker.js'), env, 'Worker', [], FLAGS)]);
    const pids = { web: web.process.pid, worker: worker.process.pid };
    sampler = sampleMemory(
      pids,
      (now) => {
        raisePeaks(peak, now);
        raisePeaks(stepPeak, now);
      },
      250,
    );
    const idle = { web: rssMiB(pids.web), worker: rssMiB(pids.worker) };
    // Warm-up: a few visits one after another (JIT, pools, the browser launched).
    for (let i = 0; i < 10; i += 1) await visit(origin, subscribers[i % subscribers.length], i % 5 === 0, () => undefined);

    const steps: Step[] = [];
    let next = 0;
    for (let s = 0, perMinute = START; s < STEPS; s += 1, perMinute = Math.round(perMinute * FACTOR)) {
      const times = new Map<PageName, number[]>(PAGES.map((page) => [page, []]));
      stepPeak = { web: 0, worker: 0, chromium: 0 };
      const errors: string[] = [];
      const cpuBefore = { web: cpuSeconds(pids.web), worker: cpuSeconds(pids.worker), chromium: cpuOfDescendants(pids.worker) };
      const postgres = cpuCounter(POSTGRES);
      const machine = machineCpuCounter();
      const interval = 60_000 / perMinute;
      const total = Math.max(1, Math.round((STEP_SECONDS * perMinute) / 60));
      const start = performance.now();
      const visits: Array<Promise<void>> = [];
      for (let v = 0; v < total; v += 1) {
        const due = start + v * interval;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const n = next++;
        visits.push(
          visit(origin, subscribers[n % subscribers.length], n % PDF_EVERY === PDF_EVERY - 1, (page, ms) => times.get(page)!.push(ms)).catch((error: Error) => {
            errors.push(error.message.split('\n')[0].slice(0, 200));
          }),
        );
      }
      await Promise.all(visits);
      const done = total - errors.length;
      const per = (seconds: number) => (done === 0 ? 0 : (seconds * 1000) / done);
      const chromiumNow = cpuOfDescendants(pids.worker);
      const step: Step = {
        perMinute,
        visits: total,
        failed: errors.length,
        errors,
        p95: new Map(PAGES.map((page) => [page, percentile([...times.get(page)!].sort((a, b) => a - b), 95)])),
        p50: new Map(PAGES.map((page) => [page, percentile([...times.get(page)!].sort((a, b) => a - b), 50)])),
        cpu: { web: per(cpuSeconds(pids.web) - cpuBefore.web), worker: per(cpuSeconds(pids.worker) - cpuBefore.worker), chromium: per(chromiumNow - cpuBefore.chromium), postgres: per(postgres()) },
        busy: machine().busy,
        held: false,
        rss: { ...stepPeak },
      };
      step.held = step.failed === 0 && [...step.p95.values()].every((p95) => Number.isNaN(p95) || p95 < P95_MS);
      steps.push(step);
      const worst = [...step.p95].filter(([, p95]) => !Number.isNaN(p95)).sort((a, b) => b[1] - a[1])[0];
      process.stdout.write(
        `step ${s + 1}: ${perMinute} visits/min, ${total} visits, ${step.failed} failed; slowest p95 ${worst?.[0]} ${worst?.[1].toFixed(0)} ms; CPU/visit web ${step.cpu.web.toFixed(0)} ms, worker ${step.cpu.worker.toFixed(0)} ms, Chromium ${step.cpu.chromium.toFixed(0)} ms, PostgreSQL ${step.cpu.postgres.toFixed(0)} ms; machine ${(step.busy * 100).toFixed(0)}% busy; peak RSS web ${step.rss.web.toFixed(0)} MiB, worker ${step.rss.worker.toFixed(0)} MiB; ${machineLoad()} → ${step.held ? 'held' : 'NOT held'}\n`,
      );
      if (!step.held) break;
    }
    sampler.stop();
    const held = steps.filter((step) => step.held).at(-1);
    const shown = held ?? steps[0];
    // Memory under the load that held: the highest of the steps up to it (the warm-up's included in none).
    const upTo: MemoryPeaks = { web: 0, worker: 0, chromium: 0 };
    for (const step of steps.slice(0, steps.indexOf(shown) + 1)) raisePeaks(upTo, step.rss);
    const lines = [
      '',
      'p50 / p95 per page (ms) at each step:',
      ...steps.map((step) => `  ${String(step.perMinute).padStart(5)}/min: ${PAGES.map((page) => `${page} ${step.p50.get(page)!.toFixed(0)}/${step.p95.get(page)!.toFixed(0)}`).join(', ')}${step.failed ? `; failures: ${step.errors.slice(0, 3).join(' | ')}` : ''}`),
      '',
      held
        ? `highest steady rate: ${held.perMinute} subscriber visits per minute (${((held.perMinute * 60) / 1000).toFixed(1)} thousand an hour) with every page's p95 < ${P95_MS} ms and nothing failing`
        : `no step held (every page's p95 < ${P95_MS} ms, nothing failing), not even ${START}/min`,
      `CPU per subscriber visit at ${shown.perMinute}/min: web ${shown.cpu.web.toFixed(0)} ms, worker ${shown.cpu.worker.toFixed(0)} ms, its Chromium ${shown.cpu.chromium.toFixed(0)} ms, PostgreSQL ${shown.cpu.postgres.toFixed(0)} ms (all of the machine's PostgreSQL)`,
      `peak RSS up to ${shown.perMinute}/min: web ${upTo.web.toFixed(0)} MiB (target ≤ 200: ${upTo.web <= 200 ? 'MET' : 'NOT MET'}), worker ${upTo.worker.toFixed(0)} MiB (target ≤ 250: ${upTo.worker <= 250 ? 'MET' : 'NOT MET'}), Chromium (PSS of all the worker's browser processes, read every 5 s, counted apart) ${upTo.chromium.toFixed(0)} MiB; at rest before the load web ${idle.web.toFixed(0)} MiB, worker ${idle.worker.toFixed(0)} MiB`,
      `peak RSS over the whole run, the step that did not hold included: web ${peak.web.toFixed(0)} MiB, worker ${peak.worker.toFixed(0)} MiB, Chromium ${peak.chromium.toFixed(0)} MiB`,
      `node flags: ${(FLAGS ?? require(join(projectRoot(), 'scripts', 'node-flags.js')).NODE_FLAGS).join(' ') || '(none)'}; machine at the end: ${machineLoad()}`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
  } finally {
    sampler?.stop();
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
