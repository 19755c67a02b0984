import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '@app/config';
import { bullPrefix, QUEUES, redisOptionsFromUrl } from '@app/messaging';
import { Clock } from '@app/shared-kernel';
import { Retention } from '../../src/retention/retention';
import { eventually, startWorker } from '../helpers/test-app';
import { testClock, TravellingClock } from '../helpers/test-clock';
import { testConfig } from '../helpers/test-env';

const DAY = 24 * 3600 * 1000;

describe('retention', () => {
  let config: AppConfig;
  let worker: INestApplicationContext;
  let now: Date;
  const sql = <T = Record<string, unknown>[]>(statement: string, params: unknown[] = []) => worker.get(MikroORM).em.fork().getConnection().execute<T>(statement, params);
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const ids = async (statement: string) => (await sql<Record<string, string>[]>(statement)).map((row: Record<string, string>) => Object.values(row)[0]).sort();

  beforeAll(async () => {
    config = await testConfig();
    // The worker lives a year and a half from the run's day: its retention counts back from that day.
    worker = await startWorker(config, { clock: new TravellingClock(new Date(testClock().now().getTime() + 500 * DAY)) });
    now = worker.get(Clock).now();
  });

  afterAll(async () => {
    await worker?.close();
  });

  it('is scheduled by a BullMQ job scheduler in the worker', async () => {
    const queue = worker.get<Queue>(getQueueToken(QUEUES.MAINTENANCE), { strict: false });
    const scheduler = await eventually(() => queue.getJobScheduler('retention'), 10_000, 'the retention scheduler');
    expect(scheduler).toMatchObject({ every: config.retention.everyMinutes * 60_000, name: 'retention.run' });
    // Its first run starts at once; the next ones every RETENTION_EVERY_MINUTES.
    const [run] = await eventually(async () => {
      const done = await queue.getCompleted();
      return done.length > 0 ? done : undefined;
    }, 15_000, 'the first scheduled run');
    expect(run.returnvalue).toMatchObject({ ran: true });
  });

  it('removes the rows older than their window and keeps the newer ones', async () => {
    const outbox = (id: string, sentAt: Date | null, createdAt: Date, parkedAt: Date | null = null) =>
      sql(`insert into outbox_message (id, event_name, queue, payload, occurred_at, created_at, sent_at, parked_at) values (?, 'x', 'email', '{}', ?, ?, ?, ?)`, [id, createdAt, createdAt, sentAt, parkedAt]);
    const oldSent = randomUUID();
    await outbox(oldSent, ago(8), ago(8));
    await outbox('00000000-0000-4000-8000-000000000001', ago(6), ago(6));
    await outbox('00000000-0000-4000-8000-000000000002', null, ago(30));
    await outbox('00000000-0000-4000-8000-000000000003', null, ago(30), ago(29));

    const inbound = (id: string, appliedAt: Date) => sql(`insert into inbound_event (event_id, type, applied_at) values (?, 'meter.upserted', ?)`, [id, appliedAt]);
    await inbound('inbound-91-days', ago(91));
    await inbound('inbound-89-days', ago(89));

    const document = (id: string, expiresAt: Date) =>
      sql(`insert into document_request (id, owner_id, kind, template, filename, params, status, content, created_at, expires_at) values (?, 'owner', 'report', 't', 'f.pdf', '{}', 'ready', '\\x255044462d', ?, ?)`, [id, new Date(expiresAt.getTime() - DAY), expiresAt]);
    await document('00000000-0000-4000-8000-0000000000d1', new Date(now.getTime() - 3600_000)); // expired an hour ago
    await document('00000000-0000-4000-8000-0000000000d2', ago(31)); // expired a month ago
    await document('00000000-0000-4000-8000-0000000000d3', new Date(now.getTime() + 3600_000)); // still valid

    const mail = (id: string, status: string, createdAt: Date) =>
      sql(`insert into mail_message (id, template, recipient, sealed_params, status, created_at) values (?, 't', 'a@example.kz', 'sealed', ?, ?)`, [id, status, createdAt]);
    await mail('00000000-0000-4000-8000-0000000000e1', 'sent', ago(1));
    await mail('00000000-0000-4000-8000-0000000000e2', 'failed', ago(1));
    await mail('00000000-0000-4000-8000-0000000000e3', 'pending', ago(0));
    await mail('00000000-0000-4000-8000-0000000000e4', 'sent', ago(31));

    // BullMQ: two failed jobs (a job name the maintenance queue does not know), one finished 31 days ago
    // (BullMQ's own clock: its finishedOn set back), the other just now.
    const maintenance = worker.get<Queue>(getQueueToken(QUEUES.MAINTENANCE), { strict: false });
    await maintenance.add('no-such-job', {}, { jobId: 'old-failure' });
    await maintenance.add('no-such-job', {}, { jobId: 'new-failure' });
    await eventually(async () => (await maintenance.getFailedCount()) === 2, 15_000, 'two failed jobs');
    const redis = new Redis({ ...redisOptionsFromUrl(config.redisUrl) });
    const key = `${bullPrefix(config.redisPrefix)}:${QUEUES.MAINTENANCE}`;
    const longAgo = Date.now() - 31 * DAY;
    await redis.hset(`${key}:old-failure`, 'finishedOn', String(longAgo));
    await redis.zadd(`${key}:failed`, longAgo, 'old-failure');
    redis.disconnect();

    const report = await worker.get(Retention).run();

    expect(await ids('select id from outbox_message')).toEqual(['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003']);
    expect(await ids('select event_id from inbound_event')).toEqual(['inbound-89-days']);
    expect(await sql('select id, content is not null as has_content from document_request order by id')).toEqual([
      { id: '00000000-0000-4000-8000-0000000000d1', has_content: false },
      { id: '00000000-0000-4000-8000-0000000000d3', has_content: true },
    ]);
    expect(await sql('select id, sealed_params from mail_message order by id')).toEqual([
      { id: '00000000-0000-4000-8000-0000000000e1', sealed_params: null },
      { id: '00000000-0000-4000-8000-0000000000e2', sealed_params: null },
      { id: '00000000-0000-4000-8000-0000000000e3', sealed_params: 'sealed' },
    ]);
    expect((await maintenance.getFailed()).map((job) => job.id)).toEqual(['new-failure']);
    expect(report).toEqual({ ran: true, outboxDelivered: 1, inboundEvents: 1, documentContents: 1, documentRequests: 1, mailParams: 2, mailMessages: 1, jobs: 1 });
  });

  it('runs once at a time across workers: a run that finds the lock taken does nothing', async () => {
    await sql(`insert into inbound_event (event_id, type, applied_at) values ('locked-out', 'meter.upserted', ?)`, [ago(200)]);
    const other = new Client({ connectionString: config.databaseUrl });
    await other.connect();
    try {
      await other.query('select pg_advisory_lock($1)', [0x766b_7265]);
      expect((await worker.get(Retention).run()).ran).toBe(false);
      expect(await ids(`select event_id from inbound_event where event_id = 'locked-out'`)).toEqual(['locked-out']);
    } finally {
      await other.end();
    }
    expect((await worker.get(Retention).run()).inboundEvents).toBe(1);
  });
});
