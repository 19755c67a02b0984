/**
 * Throughput of the back-office inbound path (npm run bench:inbound). In one run, on a database and a
 * Redis prefix of its own (BENCH_DATABASE_URL, default …/vodokanal_bench; BENCH_REDIS_PREFIX, default
 * bench), with BENCH_EVENTS mixed valid events (default 100000):
 *   1. the worker process (dist/src/worker.js) with one instance, then with two: events applied per
 *      second and each worker's resident memory before and after;
 *   2. the queue's limit: a BullMQ worker that does nothing with each job (concurrency 50);
 *   3. the database's limit: a bare loop applying the same events with plain pg, one transaction each.
 * The contracts the events refer to are applied first through the worker and not counted.
 * BENCH_INBOUND_PARTS (default 1,2,noop,pg) picks measurements for quick iterations.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Client } from 'pg';
import { bullPrefix, QUEUES, redisOptionsFromUrl } from '@app/messaging';
import { dropDatabase, projectRoot } from '@app/persistence';
import { IinBin } from '@app/shared-kernel';
import { prepareDatabase } from '../src/prepare-database';
import { cpuSeconds, NODE_ENVIRONMENT, NODE_FLAGS, stopProcess } from './support';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vodokanal_bench';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const REDIS_PREFIX = process.env.BENCH_REDIS_PREFIX ?? 'bench';
const CONTRACTS = Math.max(100, Math.round(EVENTS / 10));
/** Which measurements to run (for quick iterations), e.g. BENCH_INBOUND_PARTS=1,pg; all by default. */
const PARTS = new Set((process.env.BENCH_INBOUND_PARTS ?? '1,2,noop,pg').split(',').map((part) => part.trim()));
const connection = redisOptionsFromUrl(REDIS_URL);

interface BenchEvent {
  type: string;
  payload: Record<string, unknown>;
}

const BIN = IinBin.complete('19034001234').value;
const contractNumber = (index: number): string => `B${String(index).padStart(6, '0')}`;
const accountOf = (index: number, n: number): string => `${contractNumber(index)}-${n}`;

function contract(index: number, revision: number): BenchEvent {
  return {
    type: 'contract.upserted',
    payload: {
      contractNumber: contractNumber(index),
      subscriberType: 'legal',
      iinBin: BIN,
      name: `ТОО «Бенчмарк ${index}»`,
      address: `г. Павлодар, ул. Торайгырова, ${revision}`,
      heatMeterInstalled: index % 2 === 0,
      accounts: [1, 2].map((n) => ({ accountNumber: accountOf(index, n), recipient: `Объект ${n}`, tariffGroup: '3' })),
    },
  };
}

function amount(volumeLitres: number, tariffTiyn: number, vatPercent: number): string {
  // litres × tiyn/m³ × (100 + vat) / 100 → tiyn × 10^5; rounded half up to tiyn, exactly in bigint.
  const scaled = BigInt(volumeLitres) * BigInt(tariffTiyn) * BigInt(100 + vatPercent);
  const tiyn = (scaled + 50_000n) / 100_000n;
  return `${tiyn / 100n}.${String(tiyn % 100n).padStart(2, '0')}`;
}

/** The measured mix: contract revisions, charges, payments, opening balances and meters. */
function mixedEvents(count: number): BenchEvent[] {
  const events: BenchEvent[] = [];
  for (let i = 0; i < count; i += 1) {
    const index = (i * 7919) % CONTRACTS;
    const kind = i % 20;
    if (kind < 3) events.push(contract(index, i));
    else if (kind < 8) {
      const period = `20${20 + (i % 7)}-${String((i % 12) + 1).padStart(2, '0')}`;
      const lines = [1, 2].flatMap((n) =>
        (['water', 'sewerage'] as const).map((service) => {
          const litres = 1000 + ((i * 31 + n * 17) % 20000);
          const tariff = service === 'water' ? 19702 : 20450;
          return {
            accountNumber: accountOf(index, n), recipient: `Объект ${n}`, tariffGroup: '3', service,
            volume: `${Math.floor(litres / 1000)}.${String(litres % 1000).padStart(3, '0')}`,
            tariff: service === 'water' ? '197.02' : '204.5', vatRate: '16', amount: amount(litres, tariff, 16),
          };
        }),
      );
      events.push({ type: 'charges.published', payload: { contractNumber: contractNumber(index), period, lines } });
    } else if (kind < 15) {
      events.push({ type: 'payment.recorded', payload: { paymentId: `PAY-${i}`, contractNumber: contractNumber(index), date: '2026-10-05', amount: `${1000 + (i % 9000)}.${String(i % 100).padStart(2, '0')}`, document: `п/п ${i}` } });
    } else if (kind < 17) {
      events.push({ type: 'balance.opened', payload: { contractNumber: contractNumber(index), date: '2026-01-01', amount: `${(i % 5000) - 2500}.50` } });
    } else {
      events.push({
        type: 'meter.upserted',
        payload: {
          meterId: `MTR-${index}-${i % 2}`, contractNumber: contractNumber(index), accountNumber: accountOf(index, 1 + (i % 2)), water: i % 2 ? 'hot' : 'cold',
          factoryNumber: `F${index}${i % 2}`, verificationDate: '2029-09-10', state: 'installed', lastReading: { value: `${i % 100000}.${i % 1000}`, date: '2026-10-03', source: 'Сайт' },
        },
      });
    }
  }
  return events;
}

async function enqueue(queue: Queue, events: BenchEvent[], tag: string): Promise<void> {
  for (let start = 0; start < events.length; start += 1000) {
    await queue.addBulk(
      events.slice(start, start + 1000).map((event, offset) => ({
        name: event.type,
        data: event.payload,
        opts: { jobId: `${tag}-${start + offset}`, removeOnComplete: true, removeOnFail: 1000, attempts: 5, backoff: { type: 'fixed', delay: 100 } },
      })),
    );
  }
}

async function drained(queue: Queue, total: number): Promise<{ seconds: number; failed: number }> {
  const started = process.hrtime.bigint();
  await queue.resume();
  for (;;) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
    const left = counts.waiting + counts.active + counts.delayed + counts.prioritized;
    if (left === 0) return { seconds: Number(process.hrtime.bigint() - started) / 1e9, failed: counts.failed };
    if (process.stdout.isTTY) process.stdout.write(`\r  ${total - left}/${total} applied`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

async function startWorkerProcess(): Promise<ChildProcess> {
  // BENCH_WORKER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the workers.
  const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...NODE_FLAGS, ...nodeArgs, join(projectRoot(), 'dist/src/worker.js')], {
    env: { ...NODE_ENVIRONMENT, ...process.env, DATABASE_URL, REDIS_URL, REDIS_PREFIX, LOG_LEVEL: 'warn', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Worker process started')) resolve();
    });
  });
  return child;
}

async function freshState(queue: Queue): Promise<void> {
  await queue.obliterate({ force: true });
  await dropDatabase(DATABASE_URL);
  await prepareDatabase(DATABASE_URL);
}

async function throughWorkers(queue: Queue, instances: number, events: BenchEvent[]): Promise<void> {
  await freshState(queue);
  const workers = [];
  for (let i = 0; i < instances; i += 1) workers.push(await startWorkerProcess());
  // Warm-up, not counted: the contracts every measured event refers to.
  await queue.pause();
  await enqueue(queue, Array.from({ length: CONTRACTS }, (_, index) => contract(index, 0)), `warm${instances}`);
  await drained(queue, CONTRACTS);
  const before = workers.map((worker) => rssMb(worker.pid!));
  await queue.pause();
  await enqueue(queue, events, `run${instances}`);
  const cpuBefore = workers.reduce((sum, worker) => sum + cpuSeconds(worker.pid), 0);
  const { seconds, failed } = await drained(queue, events.length);
  const cpuMsPerEvent = ((workers.reduce((sum, worker) => sum + cpuSeconds(worker.pid), 0) - cpuBefore) * 1000) / events.length;
  const after = workers.map((worker) => rssMb(worker.pid!));
  for (const worker of workers) await stopProcess(worker);
  process.stdout.write(
    `\r${instances} worker${instances > 1 ? 's' : ' '}: ${Math.round(events.length / seconds)} events/s (${events.length} in ${seconds.toFixed(1)} s, failed ${failed}); ` +
      `worker CPU ${cpuMsPerEvent.toFixed(2)} ms/event; RSS before/after: ${before.map((mb, i) => `${mb}/${after[i]} MB`).join(', ')}\n`,
  );
  rates.set(`workers${instances}`, events.length / seconds);
}

async function noopReference(queue: Queue, events: BenchEvent[]): Promise<void> {
  await queue.obliterate({ force: true });
  await queue.pause();
  await enqueue(queue, events, 'noop');
  const worker = new Worker(QUEUES.BACKOFFICE_INBOUND, async () => undefined, { connection, prefix: bullPrefix(REDIS_PREFIX), concurrency: 50 });
  const { seconds } = await drained(queue, events.length);
  await worker.close();
  process.stdout.write(`\rReference, BullMQ worker doing nothing (concurrency 50): ${Math.round(events.length / seconds)} jobs/s\n`);
  rates.set('noop', events.length / seconds);
}

/** The same events as plain SQL, one transaction each, one after another: the database's limit. */
async function barePgReference(queue: Queue, events: BenchEvent[]): Promise<void> {
  await freshState(queue);
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  const apply = async (event: BenchEvent): Promise<void> => {
    const p = event.payload as Record<string, never>;
    switch (event.type) {
      case 'contract.upserted': {
        const accounts = p.accounts as Array<{ accountNumber: string; recipient: string; tariffGroup: string }>;
        await client.query(
          `insert into contract (contract_number, subscriber_type, iin_bin, name, address, heat_meter_installed) values ($1, $2, $3, $4, $5, $6)
           on conflict (contract_number) do update set subscriber_type = excluded.subscriber_type, iin_bin = excluded.iin_bin, name = excluded.name, address = excluded.address, heat_meter_installed = excluded.heat_meter_installed`,
          [p.contractNumber, p.subscriberType, p.iinBin, p.name, p.address, p.heatMeterInstalled],
        );
        await client.query('delete from personal_account where contract_number = $1 and not (account_number = any($2))', [p.contractNumber, accounts.map((a) => a.accountNumber)]);
        for (const [position, a] of accounts.entries()) {
          await client.query(
            `insert into personal_account (account_number, contract_number, recipient, tariff_group, position) values ($1, $2, $3, $4, $5)
             on conflict (account_number) do update set recipient = excluded.recipient, tariff_group = excluded.tariff_group, position = excluded.position`,
            [a.accountNumber, p.contractNumber, a.recipient, a.tariffGroup, position],
          );
        }
        return;
      }
      case 'charges.published': {
        await client.query('delete from charge_line where contract_number = $1 and period = $2', [p.contractNumber, p.period]);
        for (const [position, l] of (p.lines as Array<Record<string, string>>).entries()) {
          await client.query(
            `insert into charge_line (contract_number, period, account_number, service, recipient, tariff_group, volume, tariff, vat_rate, amount, position)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
            [p.contractNumber, p.period, l.accountNumber, l.service, l.recipient, l.tariffGroup, l.volume, l.tariff, l.vatRate, l.amount, position],
          );
        }
        return;
      }
      case 'payment.recorded':
        await client.query(
          `insert into payment (payment_id, contract_number, date, amount, document) values ($1, $2, $3, $4, $5)
           on conflict (payment_id) do update set date = excluded.date, amount = excluded.amount, document = excluded.document`,
          [p.paymentId, p.contractNumber, p.date, p.amount, p.document ?? null],
        );
        return;
      case 'balance.opened':
        await client.query(
          'insert into opening_balance (contract_number, date, amount) values ($1, $2, $3) on conflict (contract_number) do update set date = excluded.date, amount = excluded.amount',
          [p.contractNumber, p.date, p.amount],
        );
        return;
      case 'meter.upserted': {
        const r = p.lastReading as { value: string; date: string; source: string } | undefined;
        await client.query(
          `insert into meter (id, contract_number, account_number, water, factory_number, verification_date, state, last_reading_value, last_reading_date, last_reading_source, updated_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
           on conflict (id) do update set contract_number = excluded.contract_number, account_number = excluded.account_number, water = excluded.water, factory_number = excluded.factory_number,
             verification_date = excluded.verification_date, state = excluded.state, last_reading_value = excluded.last_reading_value, last_reading_date = excluded.last_reading_date,
             last_reading_source = excluded.last_reading_source, updated_at = now()`,
          [p.meterId, p.contractNumber, p.accountNumber, p.water, p.factoryNumber, p.verificationDate, p.state, r?.value ?? null, r?.date ?? null, r?.source ?? null],
        );
        return;
      }
    }
  };
  const inTransaction = async (event: BenchEvent): Promise<void> => {
    await client.query('begin');
    await apply(event);
    await client.query('commit');
  };
  try {
    for (let index = 0; index < CONTRACTS; index += 1) await inTransaction(contract(index, 0));
    const started = process.hrtime.bigint();
    for (const event of events) await inTransaction(event);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(`Reference, bare pg loop (one transaction per event, sequential): ${Math.round(events.length / seconds)} events/s\n`);
    rates.set('pg', events.length / seconds);
  } finally {
    await client.end();
  }
}

const rates = new Map<string, number>();

async function main(): Promise<void> {
  process.stdout.write(`Benchmark of backoffice-inbound: ${EVENTS} mixed events over ${CONTRACTS} contracts; database ${new URL(DATABASE_URL).pathname.slice(1)}, Redis prefix ${REDIS_PREFIX}\n`);
  const events = mixedEvents(EVENTS);
  const queue = new Queue(QUEUES.BACKOFFICE_INBOUND, { connection, prefix: bullPrefix(REDIS_PREFIX) });
  try {
    if (PARTS.has('1')) await throughWorkers(queue, 1, events);
    if (PARTS.has('2')) await throughWorkers(queue, 2, events);
    if (PARTS.has('noop')) await noopReference(queue, events);
    if (PARTS.has('pg')) await barePgReference(queue, events);
    const one = rates.get('workers1');
    const pg = rates.get('pg');
    if (one !== undefined && pg !== undefined) {
      process.stdout.write(
        `Summary: 1 worker ${Math.round(one)}/s (target ≥ 2000: ${one >= 2000 ? 'met' : 'not met'}), ${Math.round((100 * one) / pg)}% of bare pg (target ≥ 50%: ${one >= pg / 2 ? 'met' : 'not met'}); ` +
          `2 workers ${Math.round(rates.get('workers2') ?? NaN)}/s; BullMQ no-op ${Math.round(rates.get('noop') ?? NaN)}/s; bare pg ${Math.round(pg)}/s\n`,
      );
    }
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
