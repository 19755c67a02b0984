/**
 * Login throughput (npm run bench:login): autocannon against POST /api/v1/auth/token of a running web
 * process (dist/src/main.js, started here as a child on a database and a Redis prefix of its own), and,
 * in the same run, the bare argon2id verify rate of this machine with the same parameters and the same
 * concurrency: the ceiling a login cannot beat, since each login verifies one hash. Target: logins per
 * second at least 90% of that ceiling. The two are measured in alternating rounds (BENCH_LOGIN_ROUNDS, default 6).
 *
 * Before measuring, the web process takes logins for BENCH_LOGIN_WARMUP seconds (default 30): at this rate
 * a function run once per login needs thousands of logins before V8 compiles it with its optimizing
 * compiler, so after a short warm-up half of the main thread's time is still in baseline code, which a
 * server in service for days has long left (the load generator's own code warms up alike).
 *
 * Settings (environment): BENCH_LOGIN_DURATION seconds of load in all (default 30),
 * BENCH_LOGIN_CONNECTIONS concurrent clients (default 8), BENCH_LOGIN_USERS subscribers logging in in
 * turn (default 20), BENCH_LOGIN_DATABASE_URL (default …/vodokanal_bench_login), BENCH_LOGIN_REDIS_PREFIX
 * (default bench-login), BENCH_LOGIN_LOG_LEVEL for the web process (default warn), BENCH_LOGIN_PROFILE=1 to
 * write a CPU profile of the web process (node --cpu-prof) under tmp/profiles and print where its main
 * thread spends its time during the login rounds (the profiler's own cost makes that run's CPU figures
 * higher: compare profiles with profiles).
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import argon2 from 'argon2';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@app/config';
import { Commands, dropDatabase, projectRoot } from '@app/persistence';
import { WebModule } from '@app/web';
import { UpsertContract } from '@modules/billing';
import { DemoConfirmation, IdentityCommandsModule, RegisterSubscriber } from '@modules/identity';
import { ARGON2_OPTIONS } from '../libs/security/argon2-password-hasher';
import { CoreModule } from '../src/core.module';
import { aContract } from '../src/modules/billing/testing/contract.mother';
import { prepareDatabase } from '../src/prepare-database';
import { cleanRedis, cpuCounter, cpuSeconds, freePort, latestProfileSummary, NODE_ENVIRONMENT, NODE_FLAGS, percentile, POSTGRES, REDIS_SERVER, stopProcess } from './support';

/** The part of autocannon's API used here (the package ships no types). */
interface LoadResult {
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface LoadInstance {
  on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTime: number) => void): void;
  on(event: 'done', listener: (result: LoadResult) => void): void;
}
const autocannon = require('autocannon') as (options: Record<string, unknown>) => LoadInstance;

const DURATION = Number(process.env.BENCH_LOGIN_DURATION ?? 30);
const CONNECTIONS = Number(process.env.BENCH_LOGIN_CONNECTIONS ?? 8);
const USERS = Number(process.env.BENCH_LOGIN_USERS ?? 20);
const ROUNDS = Math.max(1, Number(process.env.BENCH_LOGIN_ROUNDS ?? 6));
const WARMUP = Number(process.env.BENCH_LOGIN_WARMUP ?? 30);
const DATABASE_URL = process.env.BENCH_LOGIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vodokanal_bench_login';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const REDIS_PREFIX = process.env.BENCH_LOGIN_REDIS_PREFIX ?? 'bench-login';
const PASSWORD = 'Bench-login-password-2026';
const PROFILE = process.env.BENCH_LOGIN_PROFILE === '1';
const PROFILE_DIR = join(projectRoot(), 'tmp', 'profiles');

/** Subscribers to log in: contracts published through Billing, cabinets registered and confirmed. */
async function seed(): Promise<string[]> {
  const config = loadConfig({ ...process.env, DATABASE_URL, REDIS_PREFIX, LOG_LEVEL: 'warn' });
  @Module({ imports: [CoreModule.forRoot(config, 'web'), WebModule, IdentityCommandsModule] })
  class BenchSeedModule {}
  const app = await NestFactory.createApplicationContext(BenchSeedModule, { logger: ['error'] });
  const logins: string[] = [];
  try {
    const commands = app.get(Commands);
    for (let i = 0; i < USERS; i += 1) {
      const contract = aContract('legal', { contractNumber: String(900000 + i), name: `ТОО «Бенчмарк ${i}»` });
      const { contractNumber, iinBin, name } = contract;
      await commands.execute(new UpsertContract(contract));
      await commands.execute(
        new RegisterSubscriber({ subscriberType: 'legal', name, email: `bench-${i}@example.kz`, password: PASSWORD, passwordConfirmation: PASSWORD, iinBin, number: contractNumber, invoiceByEmail: false }),
      );
      await app.get(DemoConfirmation).confirm(`vk${contractNumber}`);
      logins.push(`vk${contractNumber}`);
    }
  } finally {
    await app.close();
  }
  return logins;
}

async function startWeb(port: number): Promise<ChildProcess> {
  if (PROFILE) mkdirSync(PROFILE_DIR, { recursive: true });
  const profileArgs = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...NODE_FLAGS, ...profileArgs, join(projectRoot(), 'dist', 'src', 'main.js')], {
    env: { ...NODE_ENVIRONMENT, ...process.env, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, DATABASE_URL, REDIS_URL, REDIS_PREFIX, LOG_LEVEL: process.env.BENCH_LOGIN_LOG_LEVEL ?? 'warn', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The web process did not start within 60 s')), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`The web process ended (${code})`)));
  });
  return child;
}

/**
 * Bare argon2id verifies with `concurrency` in flight (libuv thread pool as the web process has it):
 * how many per second, and the CPU time (all threads of this process) each one took.
 */
async function argon2Rate(seconds: number, concurrency: number): Promise<{ rate: number; count: number; cpuMs: number }> {
  const hash = await argon2.hash(PASSWORD, ARGON2_OPTIONS);
  let done = 0;
  const until = Date.now() + seconds * 1000;
  const started = Date.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        if (!(await argon2.verify(hash, PASSWORD))) throw new Error('argon2 verify failed');
        done += 1;
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  return { rate: done / ((Date.now() - started) / 1000), count: done, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** Logins for `seconds`; the response time of every answered request is pushed to `latencies`. */
function loginLoad(port: number, logins: string[], seconds: number, latencies: number[] = []): Promise<LoadResult> {
  // One prebuilt request per subscriber, each connection going through them in turn: autocannon then
  // builds no request while loading, which keeps the load generator's share of the two cores small.
  const instance = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: logins.map((login) => ({
      method: 'POST',
      path: '/api/v1/auth/token',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password: PASSWORD }),
    })),
  });
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  return new Promise((resolve) => instance.on('done', resolve));
}

async function main(): Promise<void> {
  process.stdout.write(`Login benchmark: ${CONNECTIONS} connections, ${WARMUP} s of warm-up then ${DURATION} s measured, ${USERS} subscribers; argon2id m=${ARGON2_OPTIONS.memoryCost} KiB t=${ARGON2_OPTIONS.timeCost} p=${ARGON2_OPTIONS.parallelism}\n`);
  await dropDatabase(DATABASE_URL).catch(() => undefined);
  await cleanRedis(REDIS_URL, REDIS_PREFIX);
  await prepareDatabase(DATABASE_URL);
  const logins = await seed();
  const port = await freePort();
  const webStarted = Date.now();
  const web = await startWeb(port);
  /** When the web process was under login load, in ms since it started (the profile is cut to these). */
  const loadWindows: Array<[number, number]> = [];
  try {
    const check = await fetch(`http://127.0.0.1:${port}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: logins[0], password: PASSWORD }) });
    if (check.status !== 201) throw new Error(`A login answered ${check.status}: ${await check.text()}`);
    if (WARMUP > 0) await loginLoad(port, logins, WARMUP); // not counted

    // Rounds alternate the two measurements, so that other load on the machine weighs on both alike.
    const latencies: number[] = [];
    const totals = { ok: 0, other: 0, errors: 0, timeouts: 0 };
    const rates: number[] = [];
    const cpu = { verifyMs: 0, verifies: 0, loginMs: 0, loginMainMs: 0, postgresMs: 0, redisMs: 0, loadMs: 0 };
    const slice = DURATION / ROUNDS;
    for (let round = 0; round < ROUNDS; round += 1) {
      const bare = await argon2Rate(slice, CONNECTIONS);
      rates.push(bare.rate);
      cpu.verifyMs += bare.cpuMs;
      cpu.verifies += bare.count;
      const webCpuBefore = cpuSeconds(web.pid) * 1000;
      const webMainBefore = cpuSeconds(web.pid, true) * 1000;
      const postgresUsed = cpuCounter(POSTGRES);
      const redisUsed = cpuCounter(REDIS_SERVER);
      const loadBefore = process.cpuUsage();
      const from = Date.now() - webStarted;
      const result = await loginLoad(port, logins, slice, latencies);
      loadWindows.push([from, Date.now() - webStarted]);
      const load = process.cpuUsage(loadBefore);
      cpu.loginMs += cpuSeconds(web.pid) * 1000 - webCpuBefore;
      cpu.loginMainMs += cpuSeconds(web.pid, true) * 1000 - webMainBefore;
      cpu.postgresMs += postgresUsed() * 1000;
      cpu.redisMs += redisUsed() * 1000;
      cpu.loadMs += (load.user + load.system) / 1000;
      totals.ok += result['2xx'];
      totals.other += result.non2xx;
      totals.errors += result.errors;
      totals.timeouts += result.timeouts;
    }
    latencies.sort((a, b) => a - b);
    const ceiling = rates.reduce((sum, rate) => sum + rate, 0) / rates.length;
    const loginsPerSecond = totals.ok / DURATION;
    const share = loginsPerSecond / ceiling;
    // CPU in ms per answered login, and per bare verify.
    const perLogin = (ms: number) => ms / Math.max(1, totals.ok);
    const verifyMs = cpu.verifyMs / Math.max(1, cpu.verifies);
    const machineMs = perLogin(cpu.loginMs + cpu.postgresMs + cpu.redisMs + cpu.loadMs);
    process.stdout.write(
      [
        '',
        `POST /api/v1/auth/token: ${loginsPerSecond.toFixed(1)} logins/s (${totals.ok} answered 201, ${totals.other} other, ${totals.errors} errors, ${totals.timeouts} timeouts; ${ROUNDS} rounds of ${slice.toFixed(1)} s)`,
        `  latency p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${latencies[latencies.length - 1]?.toFixed(0)} ms`,
        `bare argon2id verify on this machine (${CONNECTIONS} in flight): ${ceiling.toFixed(1)}/s (rounds: ${rates.map((rate) => rate.toFixed(1)).join(', ')})`,
        `logins reach ${(share * 100).toFixed(1)}% of the argon2 limit (target ≥ 90%): ${share >= 0.9 ? 'MET' : 'NOT MET'}`,
        `CPU per login (web process, all threads): ${perLogin(cpu.loginMs).toFixed(1)} ms; per bare verify: ${verifyMs.toFixed(1)} ms; ` +
          `a login costs ${((perLogin(cpu.loginMs) / verifyMs) * 100).toFixed(0)}% of a verify (the figure other load on the machine does not skew)`,
        `  of which the web process's main (JavaScript) thread: ${perLogin(cpu.loginMainMs).toFixed(1)} ms per login (${((cpu.loginMainMs / Math.max(1, cpu.loginMs)) * 100).toFixed(1)}% of its CPU)`,
        `the machine's CPU per login beside the web process: PostgreSQL ${perLogin(cpu.postgresMs).toFixed(2)} ms, Redis ${perLogin(cpu.redisMs).toFixed(2)} ms, the load generator (autocannon, this process) ${perLogin(cpu.loadMs).toFixed(2)} ms; ` +
          `in all ${machineMs.toFixed(2)} ms against ${verifyMs.toFixed(1)} ms per bare verify, ` +
          `so on a saturated machine logins can reach about ${((verifyMs / machineMs) * 100).toFixed(1)}% of the ceiling`,
        '',
      ].join('\n'),
    );
    if (totals.other > 0 || totals.errors > 0) process.exitCode = 1;
  } finally {
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

