import { INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { MikroORM } from '@mikro-orm/postgresql';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '@app/config';
import { bullPrefix, QUEUES, redisOptionsFromUrl } from '@app/messaging';
import { Outbox, UnitOfWork } from '@app/persistence';
import { DomainEvent } from '@app/shared-kernel';
import { StaffAccounts } from '@modules/staff';
import { registerOutboxRoute } from '../../libs/messaging/queues';
import { eventually, startWeb, startWorker } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';

class TestParked extends DomainEvent<{ n: number }> {
  readonly eventName = 'test.parked-neighbour';
  constructor(readonly n: number) {
    super(new Date());
  }
  toPrimitives() {
    return { n: this.n };
  }
}

registerOutboxRoute('test.parked-neighbour', QUEUES.BACKOFFICE_OUTBOUND);

function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('No CSRF token in the page');
  return match[1];
}

interface Row {
  sent_at: Date | null;
  parked_at: Date | null;
  attempts: number;
  last_error: string | null;
}

describe('an outbox row that cannot be delivered', () => {
  let config: AppConfig;
  let worker: INestApplicationContext;
  let web: NestExpressApplication;
  let direct: Redis;
  let outbound: Queue;
  const badId = randomUUID();

  const sql = <T>(statement: string, params: unknown[] = []) => worker.get(MikroORM).em.fork().getConnection().execute<T>(statement, params);
  const badRow = async () => (await sql<Row[]>('select sent_at, parked_at, attempts, last_error from outbox_message where id = ?', [badId]))[0];

  beforeAll(async () => {
    config = await testConfig({ OUTBOX_MAX_ATTEMPTS: '3', OUTBOX_RETRY_DELAY_MS: '50' });
    worker = await startWorker(config);
    web = await startWeb(config);
    await web.get(StaffAccounts).upsert('operator', 'correct horse battery', 'operator');
    await web.get(StaffAccounts).upsert('watcher', 'correct horse battery', 'viewer');
    direct = new Redis({ ...redisOptionsFromUrl(config.redisUrl), maxRetriesPerRequest: null });
    outbound = new Queue(QUEUES.BACKOFFICE_OUTBOUND, { connection: direct, prefix: bullPrefix(config.redisPrefix) });
  });

  afterAll(async () => {
    await web?.close();
    await worker?.close();
    await outbound?.close();
    direct?.disconnect();
  });

  it('is retried with backoff and parked after its last attempt while every other row is delivered', async () => {
    // A row for a queue this worker does not know (an event added by a newer release during a rolling
    // deploy), older than its neighbours, so that every batch meets it first.
    await sql(
      `insert into outbox_message (id, event_name, queue, payload, occurred_at, created_at) values (?, 'test.from-the-future', 'backoffice-outbound-v2', '{"n":-1}', now() - interval '1 minute', now() - interval '1 minute')`,
      [badId],
    );
    const ids: string[] = [];
    for (let batch = 0; batch < 3; batch += 1) {
      await worker.get(UnitOfWork).run(async () => {
        for (let n = 0; n < 10; n += 1) {
          const event = new TestParked(batch * 10 + n);
          ids.push(event.eventId);
          worker.get(Outbox).add(event);
        }
      });
    }

    await eventually(async () => (await outbound.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed'])).length === 30, 15_000, 'the good rows delivered');
    const delivered = await outbound.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
    expect(new Set(delivered.map((job) => job.id))).toEqual(new Set(ids));

    const parked = await eventually(async () => {
      const row = await badRow();
      return row.parked_at ? row : undefined;
    }, 15_000, 'the bad row parked');
    expect(parked.sent_at).toBeNull();
    expect(parked.attempts).toBe(3);
    expect(parked.last_error).toContain('unknown queue "backoffice-outbound-v2"');
    const [pending] = await sql<{ count: string }[]>('select count(*) as count from outbox_message where sent_at is null and parked_at is null');
    expect(Number(pending.count)).toBe(0);

    const ready = await request(web.getHttpServer()).get('/ready').expect(200);
    expect(ready.body.outbox).toEqual({ parked: 1 });
  });

  it('is shown to staff only; an operator, not a viewer, can send it again with the form', async () => {
    const server = web.getHttpServer();
    const anonymous = await request(server).get('/admin/outbox').set('Accept', 'text/html').expect(303);
    expect(anonymous.headers.location).toBe('/admin/login?next=%2Fadmin%2Foutbox');
    await request(server).post('/admin/outbox/resend').type('form').send({ all: '1' }).expect(401);

    // A viewer sees the page but may not send anything again.
    const viewer = request.agent(server);
    const viewerCsrf = csrfOf((await viewer.get('/admin/login')).text);
    await viewer.post('/admin/login').type('form').send({ _csrf: viewerCsrf, login: 'watcher', password: 'correct horse battery', next: '/admin/outbox' }).expect(303);
    const viewerPage = await viewer.get('/admin/outbox').expect(200);
    expect(viewerPage.text).toContain(badId);
    expect(viewerPage.text).not.toContain('Отправить снова');
    // The session's own CSRF token (the board hands it out as a cookie), so that only the role refuses.
    const board = await viewer.get('/admin/queues').set('Accept', 'text/html').expect(200);
    const token = /XSRF-TOKEN=([^;]+)/.exec(String(board.headers['set-cookie']))?.[1];
    expect(token).toBeDefined();
    const refused = await viewer.post('/admin/outbox/resend').type('form').send({ _csrf: decodeURIComponent(token!), id: badId }).expect(403);
    expect(refused.text).toBe('Вашей роли это действие недоступно.');
    expect((await badRow()).parked_at).not.toBeNull();

    const staff = request.agent(server);
    const loginCsrf = csrfOf((await staff.get('/admin/login')).text);
    await staff.post('/admin/login').type('form').send({ _csrf: loginCsrf, login: 'operator', password: 'correct horse battery', next: '/admin/outbox' }).expect(303);
    const page = await staff.get('/admin/outbox').expect(200);
    expect(page.text).toContain(badId);
    expect(page.text).toContain('backoffice-outbound-v2');
    expect(page.text).toContain('Неотправленные события');

    // Without the form's token: refused, nothing sent.
    await staff.post('/admin/outbox/resend').type('form').send({ id: badId }).expect(403);
    expect((await badRow()).parked_at).not.toBeNull();

    // The cause fixed (the release that knows the queue is out; here: the row's queue corrected), sent again.
    await sql(`update outbox_message set queue = 'backoffice-outbound' where id = ?`, [badId]);
    const resent = await staff.post('/admin/outbox/resend').type('form').send({ _csrf: csrfOf(page.text), id: badId }).expect(303);
    expect(resent.headers.location).toBe('/admin/outbox');
    await eventually(async () => (await outbound.getJob(badId)) !== undefined, 15_000, 'the parked row delivered after sending it again');
    const row = await eventually(async () => {
      const current = await badRow();
      return current.sent_at ? current : undefined;
    }, 15_000, 'the row marked sent');
    expect(row.parked_at).toBeNull();
    expect(row.attempts).toBe(1);
    const after = await staff.get('/admin/outbox').expect(200);
    expect(after.text).toContain('Отправлено снова: 1.');
    expect(after.text).toContain('Неотправленных событий нет.');
    expect((await request(server).get('/ready').expect(200)).body.outbox).toEqual({ parked: 0 });
  });
});
