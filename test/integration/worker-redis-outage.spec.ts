import { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { bullPrefix, QUEUES, redisOptionsFromUrl } from '@app/messaging';
import { aContract } from '../../src/modules/billing/testing/contract.mother';
import { eventually } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';
import { TcpProxy } from '../helpers/tcp-proxy';
import { startWorkerProcess, stopWorkerProcess } from '../helpers/worker-process';
import { cpuSeconds } from '../../bench/support';

/**
 * A worker process whose Redis goes away while it works through a backlog. BullMQ's worker fetches the
 * next job with a plain command while the queue is not drained; with the producers' fail-fast
 * connection (no offline queue) that command was refused at once while the client reconnected, BullMQ
 * took the refusal for a job error and asked again at once: a loop of promises that never let the
 * event loop turn. The reconnect timer never fired, so it never ended: the soak test's worker-0 used a
 * core after Redis came back and did not end on SIGTERM. The workers' own connection keeps its
 * offline queue: during the outage a fetch waits for Redis instead.
 */

const EVENTS = 60;

describe('a worker process while Redis is away', () => {
  let proxy: TcpProxy | undefined;
  let slowDatabase: TcpProxy | undefined;
  let worker: ChildProcess | undefined;
  let producer: Queue | undefined;

  afterAll(async () => {
    await stopWorkerProcess(worker, 1000);
    await producer?.close();
    await proxy?.stop();
    await slowDatabase?.stop();
  });

  it('waits for it without spinning, works on when it is back and stops at once', async () => {
    proxy = await new TcpProxy('127.0.0.1', 6379).start();
    const config = await testConfig({ REDIS_URL: proxy.url });
    // The producer reaches Redis directly: only the worker loses it.
    producer = new Queue(QUEUES.BACKOFFICE_INBOUND, { connection: redisOptionsFromUrl(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'), prefix: bullPrefix(config.redisPrefix) });
    // One job at a time, each a transaction in a PostgreSQL 10 ms away: Redis goes away while the worker
    // is inside a job, with no command of its own in flight (the case that looped), nearly always.
    await producer.addBulk(Array.from({ length: EVENTS }, (_, n) => ({ name: 'contract.upserted', data: aContract('legal', { contractNumber: `OUT${n}` }), opts: { jobId: `outage-${n}` } })));
    slowDatabase = await new TcpProxy('127.0.0.1', 5432, { delayMs: 5 }).start();
    const database = new URL(config.databaseUrl);
    database.host = `127.0.0.1:${slowDatabase.port}`;
    worker = await startWorkerProcess(config, { BACKOFFICE_CONCURRENCY: '1', DATABASE_URL: database.toString() });
    const pid = worker.pid!;
    const settled = async () => {
      const counts = await producer!.getJobCounts('completed', 'failed');
      return counts.completed + counts.failed;
    };
    await eventually(async () => (await settled()) >= 10, 60_000, 'the worker to be busy with the backlog');

    await proxy.cut();
    // The first second is the worker noticing (its job in hand ends, its clients start reconnecting).
    await sleep(1000);
    const before = cpuSeconds(pid);
    await sleep(3000);
    const busy = (cpuSeconds(pid) - before) / 3;
    expect(await settled()).toBeLessThan(EVENTS);
    await proxy.restore();

    // Looping, it used a whole core (0.99-1.01 in three runs, and never came out of it); waiting, 2 to 5% of one.
    expect(busy).toBeLessThan(0.25);
    await eventually(async () => (await settled()) === EVENTS, 90_000, 'the backlog to be worked off after Redis came back');
    expect((await producer.getFailed(0, 5)).map((job) => job.failedReason)).toEqual([]);
    expect(await stopWorkerProcess(worker, 10_000)).toBeLessThan(10);
  }, 180_000);
});
