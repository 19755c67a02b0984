import { INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Job, Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AppConfig } from '@app/config';
import { bullPrefix, QUEUES, redisOptionsFromUrl } from '@app/messaging';
import { Commands } from '@app/persistence';
import { DomainError } from '@app/shared-kernel';
import { UpsertContract } from '@modules/billing';
import { RecordReadingOutcome, UpsertMeter } from '@modules/metering';
import { aContract } from '../../src/modules/billing/testing/contract.mother';
import { SIGNED_IN_BY_ID } from '../../src/modules/identity/infrastructure/persistence/pg-subscriber-authenticator';
import { SubmitReadings, SubmitReadingsResult } from '../../src/modules/metering/application/commands/submit-readings/submit-readings.command';
import { SUBMISSION_STATEMENTS } from '../../src/modules/metering/infrastructure/persistence/submission-statements';
import { eventually, startWeb, startWorker } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';
import { TcpProxy } from '../helpers/tcp-proxy';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A legal entity's contract (Billing's mother): its first personal account, `<contract>-1`, is the one each meter() is on. */
function contract(contractNumber: string) {
  return new UpsertContract(aContract('legal', { contractNumber }));
}

function meter(meterId: string, contractNumber: string, overrides: Record<string, unknown> = {}) {
  return { meterId, contractNumber, accountNumber: `${contractNumber}-1`, water: 'cold' as const, factoryNumber: `F-${meterId}`, verificationDate: '2035-01-01', state: 'installed' as const, ...overrides };
}

describe('Metering: SubmitReadings against PostgreSQL, the outbox and BullMQ', () => {
  let proxy: TcpProxy;
  let config: AppConfig;
  let web: NestExpressApplication;
  let worker: INestApplicationContext | undefined;
  let db: Client;
  let direct: Redis;
  let outbound: Queue;

  beforeAll(async () => {
    // The web process reaches Redis through a proxy we can cut; the test reads the queue directly.
    const target = new URL(REDIS_URL);
    proxy = await new TcpProxy(target.hostname, Number(target.port || 6379)).start();
    config = await testConfig({ REDIS_URL: proxy.url });
    web = await startWeb(config);
    db = new Client({ connectionString: config.databaseUrl });
    await db.connect();
    direct = new Redis({ ...redisOptionsFromUrl(REDIS_URL), maxRetriesPerRequest: null });
    outbound = new Queue(QUEUES.BACKOFFICE_OUTBOUND, { connection: direct, prefix: bullPrefix(config.redisPrefix) });
    const commands = web.get(Commands);
    for (const number of ['C1', 'C2', 'C3', 'C4']) await commands.execute(contract(number));
    for (const payload of [meter('c1-cold', 'C1'), meter('c1-hot', 'C1', { water: 'hot' }), meter('c2-cold', 'C2'), meter('c2-hot', 'C2', { water: 'hot' })]) {
      await commands.execute(new UpsertMeter(payload));
    }
  });

  afterAll(async () => {
    await proxy?.restore();
    await worker?.close();
    await web?.close();
    await outbound?.close();
    direct?.disconnect();
    await db?.end();
    await proxy?.stop();
  });

  const submit = (contractNumber: string, key: string, readings: Array<{ meterId: string; value: string }>, confirmSingleMeter = false) =>
    web.get(Commands).execute<SubmitReadingsResult>(new SubmitReadings({ contractNumber, source: 'api', idempotencyKey: key, readings, confirmSingleMeter }));

  async function count(sql: string, params: unknown[]): Promise<number> {
    return Number((await db.query(sql, params)).rows[0].count);
  }

  it('gives exactly one reading per meter and one event for 20 concurrent identical submissions', async () => {
    const rows = [{ meterId: 'c1-cold', value: '145.554' }, { meterId: 'c1-hot', value: '12' }];
    const results = await Promise.all(Array.from({ length: 20 }, () => submit('C1', 'same-key-0001', rows)));
    const ids = new Set(results.map((result) => result.submissionId));
    expect(ids.size).toBe(1);
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    expect(await count(`select count(*) from meter_reading where contract_number = 'C1'`, [])).toBe(2);
    expect(await count(`select count(*) from outbox_message where event_name = 'readings.submitted' and payload->>'contractNumber' = 'C1'`, [])).toBe(1);
    const [event] = (await db.query(`select payload from outbox_message where payload->>'contractNumber' = 'C1'`)).rows;
    expect(event.payload).toMatchObject({
      submissionId: [...ids][0],
      source: 'api',
      readings: [
        { meterId: 'c1-cold', factoryNumber: 'F-c1-cold', water: 'cold', value: '145.554' },
        { meterId: 'c1-hot', factoryNumber: 'F-c1-hot', water: 'hot', value: '12.000' },
      ],
    });
  });

  it('keeps one reading per meter and month even for concurrent submissions with different keys', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => submit('C1', `other-key-${i}-xyz`, [{ meterId: 'c1-cold', value: `${150 + i}` }, { meterId: 'c1-hot', value: '12' }])),
    );
    expect(results.every((result) => result.status === 'fulfilled')).toBe(true);
    expect(await count(`select count(*) from meter_reading where meter_id = 'c1-cold'`, [])).toBe(1);
  });

  it('saves nothing when one row is refused, and records the outcome of the back office', async () => {
    const before = await count('select count(*) from outbox_message', []);
    await expect(submit('C2', 'refused-0001', [{ meterId: 'c2-cold', value: '10' }, { meterId: 'c2-hot', value: '-1' }])).rejects.toMatchObject({
      code: 'METERING.SUBMISSION_REFUSED',
      errors: [expect.objectContaining({ code: 'METERING.READING_NEGATIVE' })],
    });
    expect(await count(`select count(*) from meter_reading where contract_number = 'C2'`, [])).toBe(0);
    expect(await count('select count(*) from outbox_message', [])).toBe(before);

    // Our own readings of earlier months count as the previous one (the latest not rejected).
    await db.query(
      `insert into meter_reading (id, meter_id, contract_number, period, value, date, source, submission_id, status, submitted_at)
       values (gen_random_uuid(), 'c2-cold', 'C2', '2001-01', 9.5, '2001-01-10', 'site', gen_random_uuid(), 'accepted', now()),
              (gen_random_uuid(), 'c2-cold', 'C2', '2001-02', 99, '2001-02-10', 'site', gen_random_uuid(), 'rejected', now())`,
    );
    await expect(submit('C2', 'below-0001', [{ meterId: 'c2-cold', value: '9.4' }, { meterId: 'c2-hot', value: '1' }])).rejects.toMatchObject({
      errors: [expect.objectContaining({ code: 'METERING.READING_BELOW_PREVIOUS', details: { field: 'c2-cold', previous: '00000009.500' } })],
    });

    const result = await submit('C2', 'accepted-0001', [{ meterId: 'c2-cold', value: '10' }, { meterId: 'c2-hot', value: '1' }]);
    const outcome = { submissionId: result.submissionId, meterId: 'c2-hot', status: 'rejected' as const, reason: 'Прибор не опломбирован' };
    expect(await web.get(Commands).execute(new RecordReadingOutcome(outcome))).toBe('recorded');
    expect(await web.get(Commands).execute(new RecordReadingOutcome(outcome))).toBe('unchanged');
    const { rows } = await db.query(`select status, rejection_reason from meter_reading where meter_id = 'c2-hot'`);
    expect(rows).toEqual([{ status: 'rejected', rejection_reason: 'Прибор не опломбирован' }]);
    await expect(web.get(Commands).execute(new RecordReadingOutcome({ ...outcome, submissionId: '00000000-0000-4000-8000-000000000000' }))).rejects.toBeInstanceOf(DomainError);
  });

  it('corrects this month\'s reading in place until processed: the new value, submission and source, pending again', async () => {
    await web.get(Commands).execute(new UpsertMeter(meter('c4-cold', 'C4')));
    await web.get(Commands).execute(new UpsertMeter(meter('c4-hot', 'C4', { water: 'hot' })));
    const first = await submit('C4', 'correct-0001', [{ meterId: 'c4-cold', value: '10.5' }, { meterId: 'c4-hot', value: '3' }]);
    const rejected = { submissionId: first.submissionId, meterId: 'c4-hot', status: 'rejected' as const, reason: 'Неверно' };
    expect(await web.get(Commands).execute(new RecordReadingOutcome(rejected))).toBe('recorded');

    const second = await submit('C4', 'correct-0002', [{ meterId: 'c4-cold', value: '11,25' }, { meterId: 'c4-hot', value: '3' }]);
    expect(second).toMatchObject({ replayed: false, changed: true, readings: [{ meterId: 'c4-cold', value: '11.250', status: 'pending' }, { meterId: 'c4-hot', value: '3.000', status: 'pending' }] });
    const { rows } = await db.query(
      `select meter_id, value, source, submission_id, status, rejection_reason, processed_at, submitted_at > now() - interval '1 minute' as recent from meter_reading where contract_number = 'C4' order by meter_id`,
    );
    expect(rows).toEqual([
      { meter_id: 'c4-cold', value: '11.250', source: 'api', submission_id: second.submissionId, status: 'pending', rejection_reason: null, processed_at: null, recent: true },
      { meter_id: 'c4-hot', value: '3.000', source: 'api', submission_id: second.submissionId, status: 'pending', rejection_reason: null, processed_at: null, recent: true },
    ]);
    const submission = await db.query(`select readings from readings_submission where id = $1`, [second.submissionId]);
    expect(submission.rows[0].readings).toEqual([
      { meterId: 'c4-cold', value: '11.250', date: expect.any(String) },
      { meterId: 'c4-hot', value: '3.000', date: expect.any(String) },
    ]);
    const events = await db.query(`select payload from outbox_message where event_name = 'readings.submitted' and payload->>'submissionId' = $1`, [second.submissionId]);
    expect(events.rows).toHaveLength(1);
    expect(events.rows[0].payload).toMatchObject({ contractNumber: 'C4', source: 'api', readings: [{ meterId: 'c4-cold', factoryNumber: 'F-c4-cold', water: 'cold', value: '11.250' }, { meterId: 'c4-hot', water: 'hot', value: '3.000' }] });

    // The same values again: nothing new is written.
    const same = await submit('C4', 'correct-0003', [{ meterId: 'c4-cold', value: '11.25' }, { meterId: 'c4-hot', value: '3' }]);
    expect(same).toMatchObject({ changed: false, submissionId: second.submissionId });
  });

  it('accepts a submission while Redis is unreachable; the event reaches backoffice-outbound later', async () => {
    // A back-office consumer listens on backoffice-outbound; the worker (outbox relay) runs, its Redis through the proxy.
    const received: Job[] = [];
    const consumerConnection = new Redis({ ...redisOptionsFromUrl(REDIS_URL), maxRetriesPerRequest: null });
    const consumer = new Worker(QUEUES.BACKOFFICE_OUTBOUND, async (job) => void received.push(job), { connection: consumerConnection, prefix: bullPrefix(config.redisPrefix) });
    try {
      worker = await startWorker(config);
      await proxy.cut();
      await web.get(Commands).execute(new UpsertMeter(meter('c3-cold', 'C3')));
      const result = await submit('C3', 'redis-down-0001', [{ meterId: 'c3-cold', value: '7.5' }]);
      expect(await count(`select count(*) from outbox_message where payload->>'submissionId' = $1`, [result.submissionId])).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await count(`select count(*) from outbox_message where payload->>'submissionId' = $1 and sent_at is null`, [result.submissionId])).toBe(1);
      expect(received.find((job) => job.data.submissionId === result.submissionId)).toBeUndefined();

      await proxy.restore();
      const job = await eventually(() => received.find((candidate) => candidate.data.submissionId === result.submissionId), 20_000, 'readings.submitted on backoffice-outbound');
      expect(job.name).toBe('readings.submitted');
      expect(job.data).toMatchObject({ contractNumber: 'C3', source: 'api', readings: [{ meterId: 'c3-cold', value: '7.500' }] });
    } finally {
      await consumer.close();
      consumerConnection.disconnect();
    }
  });

  it("settles each of a submission's statements on one plan per connection", async () => {
    // PostgreSQL plans a prepared statement five times for the values at hand, then keeps one plan for
    // any values (the generic plan) unless that one looks dearer: then it plans again on every execution,
    // as it did for aroundPeriod over an array parameter. Each statement here must have gone generic.
    const client = new Client({ connectionString: config.databaseUrl });
    await client.connect();
    try {
      await client.query('begin');
      const statements: Array<[string, unknown[]]> = [
        [SIGNED_IN_BY_ID, [randomUUID()]],
        [SUBMISSION_STATEMENTS.lockOfContract, ['C2']],
        [SUBMISSION_STATEMENTS.findByKey, ['C2', 'no-such-key-0001']],
        [SUBMISSION_STATEMENTS.aroundPeriod(1), ['2026-11', 'c2-cold']],
        [SUBMISSION_STATEMENTS.aroundPeriod(2), ['2026-11', 'c2-cold', 'c2-hot']],
        [SUBMISSION_STATEMENTS.knownReadings(1), ['2025-10-01', 'c2-cold']],
        [SUBMISSION_STATEMENTS.knownReadings(2), ['2025-10-01', 'c2-cold', 'c2-hot']],
        [SUBMISSION_STATEMENTS.updateById, ['1.000', '2026-11-20', 'api', randomUUID(), 'pending', null, new Date(), null, randomUUID()]],
      ];
      for (const [index, [text, values]] of statements.entries()) {
        for (let run = 0; run < 7; run += 1) await client.query({ name: `plan_${index}`, text, values });
      }
      const { rows } = await client.query(`select name, generic_plans > 0 as generic from pg_prepared_statements order by name`);
      expect(rows).toEqual(statements.map((_, index) => ({ name: `plan_${index}`, generic: true })));
    } finally {
      await client.query('rollback').catch(() => undefined);
      await client.end();
    }
  });
});
