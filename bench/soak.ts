/**
 * Soak test (npm run soak; `npm run soak -- --short` is the CI's short run): two web processes and two
 * workers of the built cabinet (dist, the V8 flags of scripts/node-flags.js) on a PostgreSQL database of
 * their own, reached through a TCP proxy (test/helpers/tcp-proxy.ts) so that its connections can be cut,
 * and on a redis-server of their own on another port (AOF on, as docs/operations.md asks), so that it can
 * be stopped. A mixed load for SOAK_SECONDS (full 180, short 45): logins (bearer tokens and the login
 * form), page views, readings submissions (each retried with its Idempotency-Key until answered, as a
 * client does), PDF reports and back-office events (some invalid, which are refused with their reason),
 * each virtual subscriber from an address of its own (X-Forwarded-For, the web processes trusting the
 * loopback as their proxy, TRUST_PROXY), while it kills a worker with SIGKILL (and starts it again),
 * stops Redis for 10 s (and starts it again), and cuts PostgreSQL's connections for 5 s. At the end, once
 * everything has drained, it prints and asserts:
 *   - submissions acknowledged = stored = readings.submitted events sent outbound (0 lost, 0 duplicated);
 *   - inbound events sent = applied + refused with a reason (+ stale, when the processor says so);
 *   - PDFs requested = rendered + failed with a reason;
 *   - no 5xx answer but while a dependency was down (and 15 s after), and those 503 with Retry-After;
 *   - no login with the right password refused with 429 (an outage must not count as failed attempts);
 *   - every process ends on SIGTERM by itself, within SHUTDOWN_TIMEOUT_SECONDS (of one that did not, the
 *     end of its log is printed, and what its JavaScript was running: bench/js-stacks.js), and the
 *     clean-up does not hang: the whole run has a deadline.
 * Exit code 1 when an assertion fails. Settings (environment): SOAK_SECONDS, SOAK_USERS (full 24, short
 * 10), SOAK_KEEP=1 keeps the database and the Redis directory for a look afterwards.
 */
import 'reflect-metadata';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { dropDatabase, projectRoot } from '@app/persistence';
import { localDateOf, localMonthOf } from '@app/shared-kernel';
import { prepareDatabase } from '../src/prepare-database';
import { TcpProxy } from '../test/helpers/tcp-proxy';
import { freePort, NODE_FLAGS } from './support';
import { seedCabinets, subscriberAddress } from './seed-cabinets';

const SHORT = process.argv.includes('--short');
const SECONDS = Number(process.env.SOAK_SECONDS ?? (SHORT ? 45 : 180));
const USERS = Number(process.env.SOAK_USERS ?? (SHORT ? 10 : 24));
const KEEP = process.env.SOAK_KEEP === '1';
const PASSWORD = 'Soak-test-password-2026';
const GRACE_MS = 15_000;
const DB_NAME = `vk_soak_${process.pid}`;
const DIRECT_URL = `postgres://postgres@127.0.0.1:5432/${DB_NAME}`;
const REDIS_PREFIX = 'soak';
const WORK_DIR = join(projectRoot(), 'tmp', 'soak', String(process.pid));
/** How long a process may take to end after SIGTERM (the cabinet's own bound: SHUTDOWN_TIMEOUT_SECONDS, 20). */
const STOP_GRACE_MS = 30_000;
/** The whole run, load, drain and clean-up included, ends within this (a hang fails the run, not CI). */
const DEADLINE_MS = (SECONDS + 240 + 300) * 1000;

interface User {
  login: string;
  contractNumber: string;
  meters: [string, string];
  value: number;
  token: string;
  cookie: string;
  /** The subscriber's own address, given to the cabinet as a proxy in front of it would (X-Forwarded-For). */
  address: string;
}

interface Answer {
  at: number;
  status: number;
  retryAfter: boolean;
  what: string;
}

const answers: Answer[] = [];
const faults: Array<{ what: string; from: number; to: number }> = [];
const acknowledged = new Set<string>();
const inboundSent = new Set<string>();
const inboundInvalid = new Set<string>();
const reports = new Set<string>();
let logins = 0;
let pageViews = 0;
let networkErrors = 0;
let started = Date.now();
/** The faults have all happened: the load may end once its time is up. */
let faultsDone = false;
let webPorts: number[] = [];
const now = () => Date.now() - started;

function log(line: string): void {
  process.stdout.write(`[${(now() / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
}

// ---- infrastructure: Redis of its own, PostgreSQL through a proxy, the cabinet's processes ----

let redis: ChildProcess | undefined;
let redisPort = 0;

async function startRedis(): Promise<void> {
  mkdirSync(join(WORK_DIR, 'redis'), { recursive: true });
  redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', join(WORK_DIR, 'redis')], { stdio: 'ignore' });
  for (let i = 0; i < 100; i += 1) {
    const probe = new Redis({ port: redisPort, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') {
        // Loading the AOF: wait until Redis answers commands for data.
        await probe.dbsize();
        return;
      }
    } catch {
      // not yet
    } finally {
      probe.disconnect();
    }
    await sleep(100);
  }
  throw new Error('redis-server did not start');
}

async function stopRedis(): Promise<number | undefined> {
  return redis ? stopChild('redis-server', redis) : undefined;
}

const processes = new Map<string, ChildProcess>();
/** Processes that ended without being told to (a crash is a failure of the soak). */
const crashes: string[] = [];
const stopping = new Set<ChildProcess>();

/** Each process's inspector port, opened only by SIGUSR1 when it does not end (jsStacks). */
const inspectorPorts = new Map<ChildProcess, number>();

async function startProcess(name: string, env: Record<string, string>): Promise<ChildProcess> {
  const script = join(projectRoot(), 'dist', 'src', name.startsWith('web') ? 'main.js' : 'worker.js');
  const logFile = createWriteStream(join(WORK_DIR, `${name}.log`), { flags: 'a' });
  const inspectorPort = await freePort();
  const child = spawn(process.execPath, [...NODE_FLAGS, `--inspect-port=127.0.0.1:${inspectorPort}`, script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  inspectorPorts.set(child, inspectorPort);
  // Both into one file, which neither closes: the other may still write.
  child.stderr?.pipe(logFile, { end: false });
  child.stdout?.pipe(logFile, { end: false });
  processes.set(name, child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 300 s (see ${logFile.path})`)), 300_000);
    const endedEarly = (code: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(timer);
      reject(new Error(`${name} ended (${code ?? signal}) before it started`));
    };
    // Once only: each later line must not touch the child's listeners. (It did: every chunk of output
    // matched again and removed all of them, stopChild's too, so a process that wrote a line after its
    // stop had begun ended unseen: worker-0 "had not ended" after SIGTERM in CI, a full run waited for
    // ever after killing worker-1.)
    let out = '';
    const watchStart = (chunk: Buffer): void => {
      out += chunk.toString();
      if (!/listening|Worker process started/.test(out)) return;
      child.stdout?.off('data', watchStart);
      clearTimeout(timer);
      child.off('exit', endedEarly);
      child.once('exit', (code, signal) => {
        if (!stopping.has(child)) crashes.push(`${name} ended by itself (${code ?? signal}) at ${(now() / 1000).toFixed(1)} s`);
      });
      resolve(child);
    };
    child.stdout?.on('data', watchStart);
    child.once('exit', endedEarly);
  });
}

/** What went wrong while stopping: a process that did not end by its signal, a clean-up step that hung. */
const stopFailures: string[] = [];

/** Whether `step` settles (either way) within `ms`. */
async function within(ms: number, step: Promise<unknown> | undefined): Promise<boolean> {
  return Promise.race([Promise.resolve(step).then(() => true, () => true), sleep(ms).then(() => false)]);
}

/**
 * Sends the signal and waits for the exit; after STOP_GRACE_MS of a SIGTERM the child is killed and
 * named. Returns the seconds it took (undefined when it had already ended).
 */
async function stopChild(name: string, child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | undefined> {
  if (child.exitCode !== null || child.signalCode !== null) return undefined;
  stopping.add(child);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const started = Date.now();
  child.kill(signal);
  const late = signal !== 'SIGKILL' && !(await within(STOP_GRACE_MS, exited));
  if (late) {
    stopFailures.push(`${name} (pid ${child.pid}) had not ended ${STOP_GRACE_MS / 1000} s after ${signal}`);
    // What it was doing: busy (a loop that never yields keeps even SHUTDOWN_TIMEOUT_SECONDS' timer from
    // firing) or waiting, in which of its threads, and what it last said.
    const state = await busyness(child.pid);
    log(`${name} did not end within ${STOP_GRACE_MS / 1000} s of ${signal}: ${state}; ${await jsStacks(child)}the end of its log:\n${logTail(name, 20)}\nkilled`);
    child.kill('SIGKILL');
  }
  // A process that SIGKILL does not end within seconds is stuck in the kernel: say so, with its state,
  // rather than wait silently for the run's deadline.
  while (!(await within(STOP_GRACE_MS, exited))) {
    stopFailures.push(`${name} (pid ${child.pid}) had not ended ${STOP_GRACE_MS / 1000} s after SIGKILL`);
    log(`${name} (pid ${child.pid}) has not ended ${STOP_GRACE_MS / 1000} s after SIGKILL: ${await busyness(child.pid)}`);
  }
  const took = (Date.now() - started) / 1000;
  if (!late && child.exitCode !== 0 && child.signalCode !== signal) {
    const failure = `${name} ended with ${child.exitCode ?? child.signalCode} ${took.toFixed(1)} s after ${signal}`;
    stopFailures.push(failure);
    log(`${failure}; the end of its log:\n${logTail(name)}`);
  }
  return took;
}

/** How much CPU a process used over one second, and the state of each of its threads (name, state, kernel wait). */
async function busyness(pid: number | undefined): Promise<string> {
  const cpuTicks = (): number => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (1/100 s)
  };
  try {
    const before = cpuTicks();
    await sleep(1000);
    const threads = readdirSync(`/proc/${pid}/task`).map((tid) => {
      const read = (file: string): string => readFileSync(`/proc/${pid}/task/${tid}/${file}`, 'utf8').trim();
      return `${read('comm')} ${/^State:\s*(\S+)/m.exec(read('status'))?.[1] ?? '?'}${read('wchan') && read('wchan') !== '0' ? ` in ${read('wchan')}` : ''}`;
    });
    return `${cpuTicks() - before}% of a core over 1 s; threads: ${threads.join(', ')}`;
  } catch {
    return 'its /proc entry is gone (ended, but Node has not seen it end)';
  }
}

/**
 * What the process's JavaScript is running, a few samples apart (bench/js-stacks.js through its
 * inspector, which SIGUSR1 opens from another thread: it answers even when the main thread never yields).
 */
async function jsStacks(child: ChildProcess): Promise<string> {
  const port = inspectorPorts.get(child);
  if (!port || !child.pid) return '';
  child.kill('SIGUSR1');
  await sleep(500);
  // Node 20 has its WebSocket client behind a flag; later versions have it by default.
  const flags = typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'undefined' ? ['--experimental-websocket'] : [];
  const sampler = spawn(process.execPath, [...flags, join(projectRoot(), 'bench', 'js-stacks.js'), String(port), '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  sampler.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const ended = new Promise((resolve) => sampler.once('exit', resolve));
  if (!(await within(10_000, ended))) sampler.kill('SIGKILL');
  return `its JavaScript:\n${out.trimEnd().replace(/^/gm, '    ')}\n`;
}

/** The last lines of a process's log (what it said before it ended), without the refusals of the invalid events sent on purpose. */
function logTail(name: string, lines = 8): string {
  try {
    return readFileSync(join(WORK_DIR, `${name}.log`), 'utf8').trimEnd().split('\n').filter((line) => !line.includes('"msg":"Back-office event failed"')).slice(-lines).map((line) => `    ${line.slice(0, 400)}`).join('\n');
  } catch {
    return '    (no log)';
  }
}

async function stopProcess(name: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | undefined> {
  const child = processes.get(name);
  return child ? stopChild(name, child, signal) : undefined;
}

// ---- seed: contracts, meters and confirmed cabinets ----

async function seed(redisUrl: string): Promise<User[]> {
  const cabinets = await seedCabinets({ databaseUrl: DIRECT_URL, redisUrl, redisPrefix: REDIS_PREFIX, count: USERS, firstContract: 700000, name: (i) => `ТОО «Нагрузка ${i}»`, email: (i) => `soak-${i}@example.kz`, password: PASSWORD });
  return cabinets.map((cabinet, i) => ({ ...cabinet, value: 10, token: '', cookie: '', address: subscriberAddress(20, i) }));
}

// ---- the load ----

function record(status: number, headers: Headers | undefined, what: string): void {
  answers.push({ at: now(), status, retryAfter: Boolean(headers?.get('retry-after')), what });
}

/** A request of one subscriber (from its own address, through the "proxy" the web processes trust). */
async function call(what: string, path: string, user: User, init: RequestInit & { port?: number; headers?: Record<string, string> } = {}): Promise<Response | undefined> {
  const port = init.port ?? webPorts[Math.floor(Math.random() * webPorts.length)];
  try {
    const headers = { ...init.headers, 'x-forwarded-for': user.address };
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { ...init, headers, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
    // The body read here, so that a connection cut while it arrives counts as no answer, not a crash.
    const body = await res.arrayBuffer();
    record(res.status, res.headers, what);
    return new Response(res.status === 204 || res.status === 304 ? null : body, { status: res.status, headers: res.headers });
  } catch {
    networkErrors += 1;
    answers.push({ at: now(), status: 0, retryAfter: false, what });
    return undefined;
  }
}

async function tokenLogin(user: User): Promise<void> {
  const res = await call('token', '/api/v1/auth/token', user, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: user.login, password: PASSWORD }) });
  if (res?.status === 201) {
    user.token = ((await res.json()) as { accessToken: string }).accessToken;
    logins += 1;
  } else await res?.text();
}

async function formLogin(user: User): Promise<void> {
  // The form and its post to one process, as a browser with sticky sessions would (any would do: the
  // session is in Redis), from the page's own origin.
  const port = webPorts[Math.floor(Math.random() * webPorts.length)];
  const page = await call('login page', '/login', user, { port });
  if (page?.status !== 200) return void (await page?.text());
  const html = await page.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
  if (!csrf || !cookie) return;
  const res = await call('login form', '/login', user, { port, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: `http://127.0.0.1:${port}` }, body: new URLSearchParams({ _csrf: csrf, login: user.login, password: PASSWORD }).toString() });
  await res?.text();
  if (res?.status === 303) {
    user.cookie = (res.headers.get('set-cookie') ?? cookie).split(';')[0];
    logins += 1;
  }
}

async function viewPages(user: User): Promise<void> {
  if (!user.cookie) await formLogin(user);
  for (const path of ['/cabinet', '/cabinet/readings', '/cabinet/charges']) {
    const res = await call('page', path, user, { headers: { cookie: user.cookie } });
    await res?.text();
    if (res?.status === 200) pageViews += 1;
    if (res?.status === 303) user.cookie = '';
  }
}

/** One submission, sent again with the same Idempotency-Key until it is answered (2xx or a refusal). */
async function submit(user: User, sequence: number): Promise<void> {
  if (!user.token) await tokenLogin(user);
  user.value += 1;
  const key = `soak-${user.contractNumber}-${sequence}`;
  const body = JSON.stringify({ readings: [{ meterId: user.meters[0], value: `${user.value}.125` }, { meterId: user.meters[1], value: `${user.value}.5` }] });
  for (let attempt = 0; attempt < 120; attempt += 1) {
    const res = await call('submission', '/api/v1/readings', user, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}`, 'idempotency-key': key }, body });
    const text = await res?.text();
    if (res && res.status >= 200 && res.status < 300) {
      acknowledged.add(key);
      return;
    }
    if (res?.status === 401) await tokenLogin(user);
    else if (res && res.status >= 400 && res.status < 500 && res.status !== 429) throw new Error(`submission ${key} refused: ${res.status} ${text}`);
    await sleep(1000);
  }
  throw new Error(`submission ${key} never answered`);
}

async function requestReport(user: User): Promise<void> {
  if (!user.token) await tokenLogin(user);
  const period = localMonthOf(new Date(Date.now() - 40 * 24 * 3600 * 1000));
  const res = await call('report', '/api/v1/reports', user, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` }, body: JSON.stringify({ kind: 'reconciliation', from: period, to: period, delivery: 'download' }) });
  await res?.text();
  const id = res?.status === 202 ? res.headers.get('location')?.split('/').pop() : undefined;
  if (id) reports.add(id);
}

let inbound: Queue | undefined;
let inboundSequence = 0;

/** Back-office events: payments for the seeded contracts, every tenth one invalid (refused with its reason). */
async function sendInbound(users: User[]): Promise<void> {
  const jobs = Array.from({ length: 5 }, () => {
    inboundSequence += 1;
    const id = `soak-in-${inboundSequence}`;
    const user = users[inboundSequence % users.length];
    const invalid = inboundSequence % 10 === 0;
    if (invalid) inboundInvalid.add(id);
    return {
      name: 'payment.recorded',
      data: { paymentId: id, contractNumber: user.contractNumber, date: localDateOf(new Date()), amount: invalid ? 'not money' : '150.00' },
      opts: { jobId: id, attempts: 8, backoff: { type: 'exponential' as const, delay: 500 }, removeOnComplete: false, removeOnFail: false },
    };
  });
  for (let attempt = 0; attempt < 60; attempt += 1) {
    try {
      await inbound!.addBulk(jobs);
      for (const job of jobs) inboundSent.add(job.opts.jobId);
      return;
    } catch {
      await sleep(500); // Redis away: the back office would retry the same ids
    }
  }
}

async function virtualUser(user: User, users: User[], until: number): Promise<void> {
  let sequence = 0;
  while (now() < until || !faultsDone) {
    const dice = Math.random();
    try {
      if (dice < 0.4) await submit(user, (sequence += 1));
      else if (dice < 0.6) await viewPages(user);
      else if (dice < 0.7) await tokenLogin(user);
      else if (dice < 0.75) await requestReport(user);
      else await sendInbound(users);
    } catch (error) {
      log(`virtual user ${user.login}: ${(error as Error).message}`);
      throw error;
    }
    await sleep(100 + Math.random() * 300);
  }
}

// ---- faults ----

async function faultSchedule(proxy: TcpProxy, workerEnv: (n: number) => Record<string, string>): Promise<void> {
  const at = async (fraction: number) => {
    const wait = fraction * SECONDS * 1000 - now();
    if (wait > 0) await sleep(wait);
  };
  await at(0.15);
  let from = now();
  log('fault: worker-1 killed with SIGKILL');
  await stopProcess('worker-1', 'SIGKILL');
  log('worker-1 ended; starting it again in 3 s');
  await sleep(3000);
  await startProcess('worker-1', workerEnv(1));
  log('worker-1 started again');
  faults.push({ what: 'worker killed', from, to: now() });

  await at(0.35);
  from = now();
  log('fault: Redis stopped for 10 s');
  await stopRedis();
  await sleep(10_000);
  await startRedis();
  log('Redis started again (its AOF reloaded)');
  faults.push({ what: 'Redis stopped', from, to: now() });

  await at(0.6);
  from = now();
  log('fault: PostgreSQL connections cut for 5 s');
  await proxy.cut();
  await sleep(5000);
  await proxy.restore();
  log('PostgreSQL reachable again');
  faults.push({ what: 'PostgreSQL cut', from, to: now() });
  // The load goes on a little after the last fault, to see the cabinet recover.
  await sleep(10_000);
  faultsDone = true;
}

// ---- the figures ----

async function drain(db: Client): Promise<void> {
  const deadline = Date.now() + 240_000;
  for (;; await sleep(1000)) {
    const [{ pending, parked }] = (await db.query<{ pending: string; parked: string }>('select count(*) filter (where sent_at is null and parked_at is null) as pending, count(*) filter (where parked_at is not null) as parked from outbox_message')).rows;
    const inboundDone = await Promise.all([inbound!.getCompletedCount(), inbound!.getFailedCount()]).then(([completed, failed]) => completed + failed).catch(() => -1);
    const [{ open }] = (await db.query<{ open: string }>(`select count(*) as open from document_request where id = any($1::uuid[]) and status = 'pending'`, [[...reports]])).rows;
    if (Number(pending) === 0 && inboundDone >= inboundSent.size && Number(open) === 0) return;
    if (Date.now() > deadline) {
      log(`drain timed out: outbox pending ${pending}, parked ${parked}, inbound finished ${inboundDone}/${inboundSent.size}, PDFs pending ${open}`);
      return;
    }
  }
}

async function main(): Promise<void> {
  const failures: string[] = [];
  mkdirSync(WORK_DIR, { recursive: true });
  redisPort = await freePort();
  await startRedis();
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  await dropDatabase(DIRECT_URL).catch(() => undefined);
  await prepareDatabase(DIRECT_URL);
  const proxy = await new TcpProxy('127.0.0.1', 5432).start();
  const proxiedUrl = `postgres://postgres@127.0.0.1:${proxy.port}/${DB_NAME}`;
  const db = new Client({ connectionString: DIRECT_URL });
  await db.connect();
  try {
    log(`seeding ${USERS} contracts with two meters and a confirmed cabinet each`);
    const users = await seed(redisUrl);
    webPorts = [await freePort(), await freePort()];
    const metricsPorts = [await freePort(), await freePort()];
    const common = { DATABASE_URL: proxiedUrl, REDIS_URL: redisUrl, REDIS_PREFIX, NODE_ENV: 'development', LOG_LEVEL: 'warn', METRICS_ALLOW: '127.0.0.1', TRUST_PROXY: 'loopback' };
    const webEnv = (n: number) => ({ ...common, PORT: String(webPorts[n]), PUBLIC_URL: `http://127.0.0.1:${webPorts[n]}` });
    const workerEnv = (n: number) => ({ ...common, PORT: String(webPorts[0]), PUBLIC_URL: `http://127.0.0.1:${webPorts[0]}`, WORKER_METRICS_PORT: String(metricsPorts[n]) });
    await Promise.all([startProcess('web-0', webEnv(0)), startProcess('web-1', webEnv(1)), startProcess('worker-0', workerEnv(0)), startProcess('worker-1', workerEnv(1))]);
    inbound = new Queue('backoffice-inbound', { connection: { host: '127.0.0.1', port: redisPort, maxRetriesPerRequest: 1 }, prefix: `${REDIS_PREFIX}:bull` });
    inbound.on('error', () => undefined);

    started = Date.now();
    log(`load for ${SECONDS} s: ${USERS} virtual users on two web processes (${webPorts.join(', ')}), two workers`);
    const until = SECONDS * 1000;
    await Promise.all([faultSchedule(proxy, workerEnv), ...users.map((user) => virtualUser(user, users, until))]);
    log('load over; waiting for the outbox, the inbound queue and the PDFs to drain');
    await drain(db);

    // Submissions: acknowledged = stored = sent outbound.
    const stored = new Set((await db.query<{ key: string }>(`select idempotency_key as key from readings_submission where idempotency_key like 'soak-%'`)).rows.map((row) => row.key));
    const storedIds = new Map((await db.query<{ id: string; key: string }>(`select id, idempotency_key as key from readings_submission where idempotency_key like 'soak-%'`)).rows.map((row) => [row.id, row.key]));
    const outbound = new Queue('backoffice-outbound', { connection: { host: '127.0.0.1', port: redisPort }, prefix: `${REDIS_PREFIX}:bull` });
    const outboundJobs = (await outbound.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized'])).filter((job) => job?.name === 'readings.submitted');
    await outbound.close();
    const outboundSubmissions = outboundJobs.map((job) => String((job.data as { submissionId?: unknown }).submissionId));
    const outboundIds = new Set(outboundJobs.map((job) => job.id));
    const [{ outboxEvents }] = (await db.query<{ outboxEvents: string }>(`select count(*) as "outboxEvents" from outbox_message where event_name = 'readings.submitted'`)).rows;
    const lost = [...acknowledged].filter((key) => !stored.has(key)).length;
    const unacknowledgedStored = [...stored].filter((key) => !acknowledged.has(key)).length;
    const notSent = [...storedIds.keys()].filter((id) => !outboundSubmissions.includes(id)).length;
    const duplicated = outboundSubmissions.length - new Set(outboundSubmissions).size;
    log(`submissions: acknowledged ${acknowledged.size}, stored ${stored.size}, outbox events ${outboxEvents}, sent outbound ${outboundJobs.length} (distinct event ids ${outboundIds.size}); lost ${lost}, stored but never acknowledged ${unacknowledgedStored}, stored but not sent ${notSent}, duplicated ${duplicated}`);
    if (acknowledged.size === 0) failures.push('no submission was acknowledged');
    if (lost || unacknowledgedStored || notSent || duplicated || stored.size !== outboundJobs.length || outboundIds.size !== outboundJobs.length) failures.push('submissions: acknowledged, stored and sent outbound differ');

    // Inbound events: sent = applied + refused with a reason (+ stale).
    let applied = 0;
    let stale = 0;
    let refused = 0;
    let refusedWithoutReason = 0;
    let unfinished = 0;
    for (const id of inboundSent) {
      const job = await inbound.getJob(id);
      const state = job ? await job.getState() : 'missing';
      if (state === 'completed') {
        const status = (job!.returnvalue as { status?: string } | null)?.status;
        if (status === 'stale') stale += 1;
        else applied += 1;
      } else if (state === 'failed') {
        refused += 1;
        if (!job!.failedReason) refusedWithoutReason += 1;
      } else unfinished += 1;
    }
    const [{ ledger }] = (await db.query<{ ledger: string }>(`select count(*) as ledger from inbound_event where event_id like 'soak-in-%'`)).rows;
    log(`inbound events: sent ${inboundSent.size} (${inboundInvalid.size} invalid on purpose), applied ${applied} (in the ledger ${ledger}), refused with a reason ${refused - refusedWithoutReason}, without ${refusedWithoutReason}, stale ${stale}, unfinished ${unfinished}`);
    if (applied + refused + stale !== inboundSent.size || refusedWithoutReason > 0 || unfinished > 0) failures.push('inbound: sent ≠ applied + refused + stale');
    if (Number(ledger) < applied) failures.push('inbound: applied events missing from the ledger');

    // PDFs: requested = rendered + failed with a reason.
    const documents = (await db.query<{ status: string; reason: string | null }>(`select status, last_error as reason from document_request where id = any($1::uuid[])`, [[...reports]])).rows;
    const rendered = documents.filter((row) => row.status === 'ready').length;
    const failedWithReason = documents.filter((row) => row.status === 'failed' && row.reason).length;
    log(`PDFs: requested ${reports.size}, rendered ${rendered}, failed with a reason ${failedWithReason}, other ${reports.size - rendered - failedWithReason}`);
    if (rendered + failedWithReason !== reports.size) failures.push('PDFs: requested ≠ rendered + failed with a reason');

    // Answers: 5xx only while a dependency was down, and then 503 with Retry-After.
    const during = (at: number) => faults.some((fault) => at >= fault.from && at <= fault.to + GRACE_MS);
    const errors = answers.filter((answer) => answer.status >= 500 || answer.status === 0);
    const outside = errors.filter((answer) => !during(answer.at));
    const unclear = errors.filter((answer) => during(answer.at) && !(answer.status === 503 && answer.retryAfter));
    const byStatus = new Map<number, number>();
    for (const answer of answers) byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
    log(`answers: ${answers.length} (${[...byStatus].sort(([a], [b]) => a - b).map(([status, count]) => `${status || 'no answer'}: ${count}`).join(', ')}); logins ${logins}, page views ${pageViews}`);
    // 4xx are no failure (a throttled login, a session that ended) but are shown, with when they came.
    const refusals = new Map<string, { count: number; inFault: number; first: number; last: number }>();
    for (const answer of answers.filter((a) => a.status >= 400 && a.status < 500)) {
      const entry = refusals.get(`${answer.status} ${answer.what}`) ?? { count: 0, inFault: 0, first: answer.at, last: answer.at };
      entry.count += 1;
      entry.last = answer.at;
      if (during(answer.at)) entry.inFault += 1;
      refusals.set(`${answer.status} ${answer.what}`, entry);
    }
    const seconds = (ms: number) => (ms / 1000).toFixed(1);
    if (refusals.size > 0) log(`4xx: ${[...refusals].map(([key, { count, inFault, first, last }]) => `${key} ${count} at ${seconds(first)}–${seconds(last)} s (${inFault} within a fault window)`).join('; ')}`);
    // Every login here has the right password: a dependency outage must not make the throttle refuse them.
    if ([...refusals.keys()].some((key) => /^429 (token|login form)$/.test(key))) failures.push('a login with the right password was refused with 429');
    log(`5xx or no answer: ${errors.length} (no answer at all: ${networkErrors}), of them outside a fault window ${outside.length}, within one but not 503 with Retry-After ${unclear.length}`);
    for (const answer of [...outside, ...unclear].slice(0, 10)) log(`  ${answer.status || 'no answer'} at ${(answer.at / 1000).toFixed(1)} s: ${answer.what}`);
    log(`faults: ${faults.map((fault) => `${fault.what} ${(fault.from / 1000).toFixed(1)}–${(fault.to / 1000).toFixed(1)} s`).join('; ')}`);
    if (outside.length > 0 || unclear.length > 0) failures.push('5xx outside a fault window, or not 503 with Retry-After');
    if (faults.length !== 3) failures.push('not every fault happened');
    log(`processes that ended by themselves: ${crashes.length === 0 ? 'none' : crashes.join('; ')}`);
    if (crashes.length > 0) failures.push('a process crashed');

    // What the operator would have seen: a scrape of a worker's metrics.
    const metrics = await fetch(`http://127.0.0.1:${webPorts[0]}/metrics`).then((res) => res.text()).catch(() => '');
    const figure = (name: string) => metrics.split('\n').filter((line) => line.startsWith(name)).join('; ');
    const throttle = new Redis({ host: '127.0.0.1', port: redisPort });
    const counters = await throttle.keys(`${REDIS_PREFIX}:login-*`).then((keys) => Promise.all(keys.map(async (key) => `${key.slice(REDIS_PREFIX.length + 1)}=${await throttle.get(key)}`)));
    throttle.disconnect();
    log(`login throttle counters left: ${counters.length === 0 ? 'none' : counters.join(', ')}`);
    log(`/metrics: ${figure('vk_outbox_pending')}; ${figure('vk_outbox_parked')}; ${figure('vk_queue_jobs{queue="backoffice-inbound",state="failed"}')}`);
  } finally {
    log('stopping the processes, Redis and the proxy');
    const stopped: Array<[string, number | undefined]> = await Promise.all([...processes.keys()].map(async (name): Promise<[string, number | undefined]> => [name, await stopProcess(name)]));
    await bounded('closing the inbound queue', inbound?.close());
    await bounded('closing the database client', db.end());
    await bounded('stopping the TCP proxy', proxy.stop());
    stopped.push(['redis-server', await stopRedis()]);
    log(`stopped: ${stopped.flatMap(([name, took]) => (took === undefined ? [] : [`${name} ${took.toFixed(1)} s`])).join(', ')}`);
    if (!KEEP) {
      await bounded('dropping the database', dropDatabase(DIRECT_URL));
      rmSync(join(WORK_DIR, 'redis'), { recursive: true, force: true });
    }
  }
  if (stopFailures.length > 0) failures.push(`a shutdown or the clean-up hung: ${stopFailures.join('; ')}`);
  if (failures.length > 0) {
    process.stdout.write(`SOAK FAILED:\n${failures.map((failure) => `  - ${failure}`).join('\n')}\nLogs: ${WORK_DIR}\n`);
    process.exit(1);
  }
  process.stdout.write(`SOAK PASSED (logs: ${WORK_DIR})\n`);
  process.exit(0);
}

/** A clean-up step that may not hang the run: after 15 s it is named in the failures and left behind. */
async function bounded(what: string, step: Promise<unknown> | undefined): Promise<void> {
  if (await within(15_000, step)) return;
  stopFailures.push(`${what} took more than 15 s`);
  log(`${what} took more than 15 s: left behind`);
}

function abandon(why: string): never {
  process.stderr.write(`SOAK FAILED: ${why} (logs: ${WORK_DIR})\n`);
  for (const child of processes.values()) child.kill('SIGKILL');
  redis?.kill('SIGKILL');
  process.exit(1);
}

setTimeout(() => abandon(`the run did not end within ${DEADLINE_MS / 1000} s`), DEADLINE_MS).unref();
main().catch((error: unknown) => abandon(`the test failed to run: ${(error as Error).stack ?? String(error)}`));
