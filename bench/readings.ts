/**
 * Readings throughput (npm run bench:readings): logs in N subscribers through POST /api/v1/auth/token of
 * a running web process (dist/src/main.js, with the worker dist/src/worker.js relaying the outbox, both
 * started here as children on a database and Redis prefix of their own, with the V8 flags of
 * scripts/node-flags.js, as the bare endpoint is) and submits readings with autocannon at 50 concurrent
 * connections: POST /api/v1/readings, two meters per contract, a fresh Idempotency-Key and new values
 * each time (each request is a real correction: readings updated, a submission and an outbox event
 * written). In the same run, the same load against a bare node:http + pg endpoint running the
 * cabinet's very statements (bench/readings-bare.ts), named (prepared once per connection) as
 * the cabinet's plain SQL is. The seeded database, with a year of history, is analysed first, and the
 * tables each load rewrites are vacuumed before it, as autovacuum would have them in service.
 * Target: our rate at least 60% of the bare rate, p99 under 100 ms.
 *
 * Then an open-loop phase: requests sent at a fixed rate, half the bare endpoint's measured maximum,
 * whatever the answers do (a request is due every 1/rate s; its latency counts from when it was due,
 * not from when it was sent, so a stall is not hidden by requests that were not sent meanwhile:
 * no coordinated omission), to the cabinet and then to the bare endpoint: the cabinet's p50/p99 there
 * is the latency a subscriber meets under a steady load (target p99 < 50 ms).
 *
 * Settings (environment): BENCH_READINGS_DURATION seconds per measurement (default 20),
 * BENCH_READINGS_CONNECTIONS (default 50), BENCH_READINGS_USERS subscribers (default 100),
 * BENCH_READINGS_DATABASE_URL (default …/vodokanal_bench_readings), BENCH_READINGS_REDIS_PREFIX
 * (default bench-readings), BENCH_READINGS_ROUNDS interleaved rounds (default 2), BENCH_READINGS_WARMUP seconds of
 * load on each side before measuring (default 10), BENCH_READINGS_PROFILE=1 to write a CPU profile of the web process
 * (node --cpu-prof) under tmp/profiles and print where its time goes; BENCH_READINGS_OPEN_SECONDS of
 * the open-loop phase on each side (default 20; 0 skips it), BENCH_READINGS_OPEN_SHARE of the bare
 * maximum it runs at (default 0.5), BENCH_READINGS_OPEN_WARMUP seconds at that rate before it on each side,
 * printed apart and not counted (default 5), BENCH_READINGS_TIMELINE=1 to print the open loop second by second.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropDatabase, projectRoot } from '@app/persistence';
import { localMonthOf } from '@app/shared-kernel';
import { prepareDatabase } from '../src/prepare-database';
import { cleanRedis, compiledAgainstDist, cpuCounter, cpuSeconds, cpuSplit, freePort, latestProfileSummary, machineCpuCounter, mainThreadScheduleCounter, NODE_ENVIRONMENT, NODE_FLAGS, percentile, POSTGRES, stopProcess } from './support';
import { seedCabinets } from './seed-cabinets';

interface LoadResult {
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  statusCodeStats: Record<string, { count: number }>;
}
type RawRequest = Record<string, unknown>;
const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<LoadResult>;

const DURATION = Number(process.env.BENCH_READINGS_DURATION ?? 20);
const CONNECTIONS = Number(process.env.BENCH_READINGS_CONNECTIONS ?? 50);
const USERS = Number(process.env.BENCH_READINGS_USERS ?? 100);
const DATABASE_URL = process.env.BENCH_READINGS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vodokanal_bench_readings';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const REDIS_PREFIX = process.env.BENCH_READINGS_REDIS_PREFIX ?? 'bench-readings';
const PROFILE = process.env.BENCH_READINGS_PROFILE === '1';
const TIMELINE = process.env.BENCH_READINGS_TIMELINE === '1';
const ROUNDS = Number(process.env.BENCH_READINGS_ROUNDS ?? 2);
const WARMUP = Number(process.env.BENCH_READINGS_WARMUP ?? 10);
const PROFILE_DIR = join(projectRoot(), 'tmp', 'profiles');
const OPEN_SECONDS = Number(process.env.BENCH_READINGS_OPEN_SECONDS ?? 20);
const OPEN_SHARE = Number(process.env.BENCH_READINGS_OPEN_SHARE ?? 0.5);
const OPEN_WARMUP = Number(process.env.BENCH_READINGS_OPEN_WARMUP ?? 5);
const PASSWORD = 'Bench-readings-password-2026';

interface Subscriber {
  login: string;
  contractNumber: string;
  meters: [string, string];
  token: string;
  value: number;
}

/** Contracts through Billing, meters through Metering, cabinets through Identity (registered and confirmed). */
async function seed(): Promise<Subscriber[]> {
  const cabinets = await seedCabinets({ databaseUrl: DATABASE_URL, redisUrl: REDIS_URL, redisPrefix: REDIS_PREFIX, count: USERS, firstContract: 800000, name: (i) => `ТОО «Бенчмарк ${i}»`, email: (i) => `bench-readings-${i}@example.kz`, password: PASSWORD });
  return cabinets.map((cabinet) => ({ ...cabinet, token: '', value: 11_010 }));
}

/**
 * A year of history per contract, as a database in service has it: each of the last twelve months'
 * submission and its readings, accepted (values rising by 1,000 m³ a month to 11,001, below the
 * benchmark's first: the unusual-consumption check weighs every submission, as in service, and the few
 * hundred cubic metres the benchmark adds this month stay under three times the usual 1,000). Without it
 * the submissions table starts empty, and a connection that plans a statement on it early keeps a
 * plan for a table of one page (a sequential scan) while the table grows: which connections did so
 * depended on timing, and only the cabinet, whose statements are prepared first, ever met it.
 */
async function seedHistory(db: Client): Promise<void> {
  // The twelve months before this one ($1), in the utility's local time as the cabinet counts them.
  const months = `select k, to_char(to_date($1, 'YYYY-MM') - make_interval(months => k), 'YYYY-MM') as period
    from generate_series(1, 12) as k`;
  const thisMonth = [localMonthOf(new Date())];
  await db.query(
    `insert into readings_submission (id, contract_number, idempotency_key, fingerprint, source, submitted_at, readings)
     select md5(c.contract_number || m.period)::uuid, c.contract_number, 'history-' || m.period, '[]', 'site', (m.period || '-20')::date, '[]'::jsonb
       from (select distinct contract_number from meter) as c cross join (${months}) as m`,
    thisMonth,
  );
  await db.query(
    `insert into meter_reading (id, meter_id, contract_number, period, value, date, source, submission_id, status, submitted_at, processed_at)
     select gen_random_uuid(), meter.id, meter.contract_number, m.period, 1 + (12 - m.k) * 1000, (m.period || '-20')::date, 'site',
            md5(meter.contract_number || m.period)::uuid, 'accepted', (m.period || '-20')::date, (m.period || '-25')::date
       from meter cross join (${months}) as m`,
    thisMonth,
  );
}

/** What each child wrote to stdout (the first few KiB, and how many bytes in all). */
const output = new Map<string, string>();
const written = new Map<string, number>();

/** Starts a child with the cabinet's V8 flags: node `args` (a script of dist, or compiledAgainstDist's). */
function start(name: string, args: string[], port: number, ready: string, extraArgs: string[] = [], extraEnv: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...NODE_FLAGS, ...extraArgs, ...args], {
    env: { ...NODE_ENVIRONMENT, ...process.env, ...extraEnv, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, DATABASE_URL, REDIS_URL, REDIS_PREFIX, LOG_LEVEL: process.env.BENCH_READINGS_LOG_LEVEL ?? 'warn', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The ${name} process did not start within 60 s`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output.set(name, (output.get(name) ?? '') + (chunk.length > 0 && (output.get(name) ?? '').length < 4000 ? chunk.toString().slice(0, 4000) : ''));
      written.set(name, (written.get(name) ?? 0) + chunk.length);
      if (chunk.toString().includes(ready)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => reject(new Error(`The ${name} process ended (${code})`)));
  });
}

interface Measured extends LoadResult {
  /** CPU ms per answered request: the serving process, the worker, PostgreSQL (all of it). */
  cpu: { server: number; worker: number; postgres: number; mainUser: number; mainSystem: number };
  /**
   * The serving process's main thread: ms per answered request runnable but waiting for a CPU, and the
   * share of the load's time it was on a CPU or waiting for one (near 1: the thread is the bottleneck).
   */
  mainThread: { waiting: number; occupied: number };
  /** How the machine's CPUs were used during the load (shares, 0–1): busy, and taken by the host. */
  machine: { busy: number; stolen: number };
}

async function measure(port: number, subscribers: Subscriber[], seconds: number, tag: string, server: ChildProcess, worker: ChildProcess): Promise<Measured> {
  const before = { server: cpuSeconds(server.pid), worker: cpuSeconds(worker.pid), main: cpuSplit(server.pid, true) };
  const postgresUsed = cpuCounter(POSTGRES);
  const machineUse = machineCpuCounter();
  const mainThreadUse = mainThreadScheduleCounter(server.pid);
  const result = await load(port, subscribers, seconds, tag);
  const schedule = mainThreadUse();
  const ok = Math.max(1, result['2xx']);
  const per = (now: number, then: number) => ((now - then) * 1000) / ok;
  const main = cpuSplit(server.pid, true);
  return {
    ...result,
    machine: machineUse(),
    cpu: {
      server: per(cpuSeconds(server.pid), before.server),
      worker: per(cpuSeconds(worker.pid), before.worker),
      postgres: per(postgresUsed(), 0),
      mainUser: per(main.user, before.main.user),
      mainSystem: per(main.system, before.main.system),
    },
    mainThread: { waiting: per(schedule.waiting, 0), occupied: (schedule.running + schedule.waiting) / schedule.elapsed },
  };
}

function load(port: number, subscribers: Subscriber[], seconds: number, tag: string): Promise<LoadResult> {
  let next = 0;
  let sequence = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/readings',
        setupRequest: (request: RawRequest) => {
          const subscriber = subscribers[next++ % subscribers.length];
          subscriber.value += 1;
          sequence += 1;
          return {
            ...request,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${subscriber.token}`, 'idempotency-key': `${tag}-${sequence}-${subscriber.contractNumber}` },
            body: JSON.stringify({ readings: [{ meterId: subscriber.meters[0], value: `${subscriber.value}.125` }, { meterId: subscriber.meters[1], value: `${subscriber.value}.5` }] }),
          };
        },
      },
    ],
  });
}

interface OpenLoopResult {
  sent: number;
  ok: number;
  failed: number;
  /** Latency from when each request was due, ms, ascending (the timeline's, sorted at the end). */
  latencies: number[];
  /** How late, at worst, a request left after it was due (the load generator's own lag), ms. */
  worstLag: number;
  /** Each answer's due time (ms from the first) and latency, in the order they came. */
  timeline: Array<[number, number]>;
  /** The serving process's main thread meanwhile: share of the time on a CPU, and waiting for one. */
  mainThread?: { running: number; waiting: number };
}

/**
 * Sends `rate` submissions a second for `seconds`, each at its due time whatever the earlier ones are
 * doing (an open loop: up to 256 in flight on keep-alive connections), and measures each from its due
 * time to its answer.
 */
async function openLoop(port: number, subscribers: Subscriber[], rate: number, seconds: number, tag: string): Promise<OpenLoopResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const result: OpenLoopResult = { sent: 0, ok: 0, failed: 0, latencies: [], worstLag: 0, timeline: [] };
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const start = performance.now() + 50;
  const inFlight = new Set<Promise<void>>();
  let next = 0;
  const send = (due: number) => {
    const subscriber = subscribers[next++ % subscribers.length];
    subscriber.value += 1;
    const body = JSON.stringify({ readings: [{ meterId: subscriber.meters[0], value: `${subscriber.value}.125` }, { meterId: subscriber.meters[1], value: `${subscriber.value}.5` }] });
    const done = new Promise<void>((resolve) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/readings',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${subscriber.token}`, 'idempotency-key': `${tag}-${next}-${subscriber.contractNumber}` },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            result.timeline.push([due - start, performance.now() - due]);
            if ((res.statusCode ?? 0) < 300) result.ok += 1;
            else result.failed += 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        result.failed += 1;
        resolve();
      });
      req.end(body);
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };
  while (result.sent < total) {
    const now = performance.now();
    // Every request due by now leaves now, measured from when it was due.
    while (result.sent < total && start + result.sent * interval <= now) {
      const due = start + result.sent * interval;
      result.worstLag = Math.max(result.worstLag, now - due);
      if (inFlight.size >= 256) break;
      result.sent += 1;
      send(due);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(5, start + result.sent * interval - performance.now()))));
  }
  await Promise.all(inFlight);
  agent.destroy();
  result.latencies = result.timeline.map(([, latency]) => latency).sort((a, b) => a - b);
  return result;
}

function reportOpenLoop(label: string, rate: number, result: OpenLoopResult): string {
  const p = (q: number) => percentile(result.latencies, q).toFixed(1);
  const line = `${label} at ${rate.toFixed(0)}/s (open loop): ${result.ok} answered 2xx, ${result.failed} other/failed; latency from the due time p50 ${p(50)} ms, p90 ${p(90)} ms, p99 ${p(99)} ms, max ${(result.latencies.at(-1) ?? NaN).toFixed(1)} ms (the load generator left at worst ${result.worstLag.toFixed(1)} ms late)${
    result.mainThread ? `; its main thread on a CPU ${(result.mainThread.running * 100).toFixed(0)}% of the time, waiting for one ${(result.mainThread.waiting * 100).toFixed(0)}%` : ''
  }`;
  return TIMELINE ? `${line}\n${timeline(result)}` : line;
}

/** The open loop second by second (by due time): answers, p50, p99 and the slowest, to see when a tail happens. */
function timeline(result: OpenLoopResult): string {
  const seconds = new Map<number, number[]>();
  for (const [due, latency] of result.timeline) {
    const second = Math.floor(due / 1000);
    const ofSecond = seconds.get(second) ?? [];
    ofSecond.push(latency);
    seconds.set(second, ofSecond);
  }
  return [...seconds]
    .sort(([a], [b]) => a - b)
    .map(([second, latencies]) => {
      latencies.sort((a, b) => a - b);
      return `    s${String(second).padStart(3)}: ${String(latencies.length).padStart(4)} answers, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`;
    })
    .join('\n');
}

function report(label: string, result: Measured): string {
  const rate = result['2xx'] / DURATION;
  return [
    `${label}: ${rate.toFixed(1)} submissions/s (${result['2xx']} answered 2xx, ${result.non2xx} other, ${result.errors} errors, ${result.timeouts} timeouts)`,
    `  latency p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
    `  CPU per submission: serving process ${result.cpu.server.toFixed(2)} ms (its main thread ${result.cpu.mainUser.toFixed(2)} ms user, ${result.cpu.mainSystem.toFixed(2)} ms kernel, and ${result.mainThread.waiting.toFixed(2)} ms waiting for a CPU: on one or waiting ${(result.mainThread.occupied * 100).toFixed(0)}% of the time), worker ${result.cpu.worker.toFixed(2)} ms, PostgreSQL ${result.cpu.postgres.toFixed(2)} ms; the machine's CPUs ${(result.machine.busy * 100).toFixed(0)}% busy, ${(result.machine.stolen * 100).toFixed(1)}% taken by the host`,
  ].join('\n');
}

async function main(): Promise<void> {
  process.stdout.write(`Readings benchmark: ${CONNECTIONS} connections, ${DURATION} s per measurement, ${USERS} subscribers with two meters each\n`);
  await dropDatabase(DATABASE_URL).catch(() => undefined);
  await cleanRedis(REDIS_URL, REDIS_PREFIX);
  await prepareDatabase(DATABASE_URL);
  const subscribers = await seed();
  const [webPort, barePort] = [await freePort(), await freePort()];
  let web: ChildProcess | undefined;
  let worker: ChildProcess | undefined;
  let bare: ChildProcess | undefined;
  let webStarted = Date.now();
  /** When the cabinet was under load, in ms since its process started (the profile is cut to these). */
  const loadWindows: Array<[number, number]> = [];
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  await seedHistory(db);
  // Statistics, as a database in service has them (autovacuum analyses it; this machine's PostgreSQL
  // runs with autovacuum off): without them the planner takes the seeded tables for empty and reads
  // them in full, for both endpoints alike.
  await db.query('analyze');
  try {
    if (PROFILE) mkdirSync(PROFILE_DIR, { recursive: true });
    const profileArgs = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
    webStarted = Date.now();
    const dist = (file: string) => [join(projectRoot(), 'dist', 'src', file)];
    [web, worker] = await Promise.all([start('web', dist('main.js'), webPort, 'listening', profileArgs), start('worker', dist('worker.js'), webPort, 'Worker')]);
    for (const subscriber of subscribers) {
      const res = await fetch(`http://127.0.0.1:${webPort}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: subscriber.login, password: PASSWORD }) });
      if (res.status !== 201) throw new Error(`Login of ${subscriber.login} answered ${res.status}: ${await res.text()}`);
      subscriber.token = ((await res.json()) as { accessToken: string }).accessToken;
    }
    process.stdout.write(`${subscribers.length} subscribers logged in (bearer tokens)\n`);
    const bareProcess = compiledAgainstDist('readings-bare');
    bare = await start('bare', bareProcess.args, barePort, 'listening', [], bareProcess.env);

    // Before each load, the tables this load rewrites are vacuumed and analysed, as autovacuum keeps
    // them in service (it is off on this machine). Otherwise each round starts on the dead row versions
    // of all the rounds before it: without this the bare side's PostgreSQL CPU per submission rose from
    // 0.77 to 0.98 ms after its first round while the cabinet's stayed at 0.78, most likely because its
    // connections made their plans later, when the table looked bigger (the planner takes a table's
    // growing size for more rows). Analysing also makes every connection plan again from the same state.
    const rate = (results: LoadResult[]) => results.reduce((sum, result) => sum + result['2xx'], 0) / results.length / DURATION;
    const vacuumed = async <T>(then: () => Promise<T>): Promise<T> => {
      await db.query('vacuum analyze meter_reading, readings_submission, outbox_message');
      return then();
    };
    // Both warmed up alike (JIT, pools, caches) before anything is counted: the steady state is what
    // a long-running server meets at the end-of-month rush.
    await vacuumed(() => load(webPort, subscribers, WARMUP, 'warm-web'));
    await vacuumed(() => load(barePort, subscribers, WARMUP, 'warm-bare'));
    // Interleaved (bare, cabinet, bare, cabinet, bare) so that a change in the machine's load hits both alike.
    const bares: Measured[] = [];
    const ourRounds: Measured[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      bares.push(await vacuumed(() => measure(barePort, subscribers, DURATION, `bare-${round}`, bare!, worker!)));
      const from = Date.now() - webStarted;
      ourRounds.push(await vacuumed(() => measure(webPort, subscribers, DURATION, `web-${round}`, web!, worker!)));
      loadWindows.push([from, Date.now() - webStarted]);
    }
    bares.push(await vacuumed(() => measure(barePort, subscribers, DURATION, `bare-${ROUNDS}`, bare!, worker!)));

    // The open loop at half the bare endpoint's maximum: the cabinet, then the bare endpoint for reference.
    const openRate = rate(bares) * OPEN_SHARE;
    let openOurs: OpenLoopResult | undefined;
    let openBare: OpenLoopResult | undefined;
    const openWarmups: string[] = [];
    if (OPEN_SECONDS > 0) {
      const from = Date.now() - webStarted;
      // Each side first runs OPEN_WARMUP seconds at the same rate, printed but not counted: a steady load
      // is what is measured, and the standing start is shown apart.
      const warmed = async (port: number, pid: number | undefined, side: string, label: string): Promise<OpenLoopResult> => {
        if (OPEN_WARMUP > 0) openWarmups.push(reportOpenLoop(`${label}, warming up (not counted)`, openRate, await openLoop(port, subscribers, openRate, OPEN_WARMUP, `open-${side}-warm`)));
        const mainThreadUse = mainThreadScheduleCounter(pid);
        const result = await openLoop(port, subscribers, openRate, OPEN_SECONDS, `open-${side}`);
        const { running, waiting, elapsed } = mainThreadUse();
        return { ...result, mainThread: { running: running / elapsed, waiting: waiting / elapsed } };
      };
      openOurs = await vacuumed(() => warmed(webPort, web!.pid, 'web', 'cabinet'));
      loadWindows.push([from, Date.now() - webStarted]);
      openBare = await vacuumed(() => warmed(barePort, bare!.pid, 'bare', 'bare endpoint'));
    }

    // Every accepted submission left an event, and the worker relayed them all.
    const { rows } = await db.query(`select count(*) filter (where sent_at is null) as pending, count(*) as total from outbox_message where event_name = 'readings.submitted'`);
    const started = Date.now();
    while (Date.now() - started < 30_000) {
      const pending = Number((await db.query(`select count(*) from outbox_message where event_name = 'readings.submitted' and sent_at is null`)).rows[0].count);
      if (pending === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const left = Number((await db.query(`select count(*) from outbox_message where event_name = 'readings.submitted' and sent_at is null`)).rows[0].count);

    const ourRate = rate(ourRounds);
    const bareRate = rate(bares);
    const share = ourRate / bareRate;
    const ourP99 = Math.max(...ourRounds.map((result) => result.latency.p99));
    process.stdout.write(
      [
        '',
        ...ourRounds.map((result, round) => [report(`bare node:http + pg, the same statements, round ${round + 1}`, bares[round]), report(`cabinet (Nest + MikroORM + domain), POST /api/v1/readings, round ${round + 1}`, result)].join('\n')),
        report(`bare node:http + pg, the same statements, round ${ROUNDS + 1}`, bares[ROUNDS]),
        '',
        `cabinet ${ourRate.toFixed(1)}/s = ${(share * 100).toFixed(1)}% of the bare ${bareRate.toFixed(1)}/s (target ≥ 60%): ${share >= 0.6 ? 'MET' : 'NOT MET'}; cabinet p99 ${ourP99} ms in its worst round (target < 100 ms): ${ourP99 < 100 ? 'MET' : 'NOT MET'}`,
        ...(openOurs && openBare
          ? [
              ...openWarmups,
              reportOpenLoop('cabinet', openRate, openOurs),
              reportOpenLoop('bare endpoint', openRate, openBare),
              `cabinet p99 at ${(OPEN_SHARE * 100).toFixed(0)}% of the bare maximum: ${percentile(openOurs.latencies, 99).toFixed(1)} ms (target < 50 ms): ${percentile(openOurs.latencies, 99) < 50 && openOurs.failed === 0 ? 'MET' : 'NOT MET'}`,
            ]
          : []),
        `readings.submitted events: ${rows[0].total} written (the bare endpoint's included), ${rows[0].pending} waiting at the end of the load, ${left} still waiting 30 s later`,
        `stdout written: ${[...written].map(([name, bytes]) => `${name} ${bytes} bytes`).join(', ')}`,
        `machine load average at the end: ${loadavg().map((value) => value.toFixed(2)).join(' ')} (${cpus().length} CPUs)`,
        '',
      ].join('\n'),
    );
    const ours = ourRounds.reduce((worst, result) => (result.non2xx + result.errors > worst.non2xx + worst.errors ? result : worst));
    if (ours.non2xx > 0 || ours.errors > 0) {
      process.stdout.write(`non-2xx answers of the cabinet: ${JSON.stringify(ours.statusCodeStats)}\n`);
      process.exitCode = 1;
    }
  } finally {
    await db.end();
    await stopProcess(bare);
    await stopProcess(worker);
    await stopProcess(web);
    const profile = PROFILE ? latestProfileSummary(PROFILE_DIR, loadWindows) : undefined;
    if (profile) process.stdout.write(`${profile}\n`);
    await cleanRedis(REDIS_URL, REDIS_PREFIX);
    await dropDatabase(DATABASE_URL).catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
