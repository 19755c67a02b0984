import { NestExpressApplication } from '@nestjs/platform-express';
import { getQueueToken } from '@nestjs/bullmq';
import { Job, Queue, Worker } from 'bullmq';
import request from 'supertest';
import { AppConfig } from '@app/config';
import { Argon2PasswordHasher } from '@app/security';
import { StaffAccounts } from '@modules/staff';
import { csrfOf } from '../helpers/identity-fixtures';
import { eventually, startWeb } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';

const PASSWORD = 'Вечерний-обход-насосной-7';

/**
 * The staff dashboard (issue 15, finding 3): roles, the CSRF/Origin check of Bull Board's API, and the
 * throttled staff login; in a file of its own, so that the address's login counter is not shared.
 */
describe('staff dashboard', () => {
  let config: AppConfig;
  let app: NestExpressApplication;
  let queue: Queue;

  beforeAll(async () => {
    config = await testConfig();
    app = await startWeb(config);
    await app.get(StaffAccounts).upsert('viewer1', PASSWORD, 'viewer');
    await app.get(StaffAccounts).upsert('operator1', PASSWORD, 'operator');
    await app.get(StaffAccounts).upsert('someone', PASSWORD);
    queue = app.get<Queue>(getQueueToken('email'), { strict: false });
  });

  afterAll(async () => {
    await app?.close();
  });

  /** A staff session, with the token Bull Board's UI would send (from the XSRF-TOKEN cookie). */
  async function staffSession(login: string) {
    const agent = request.agent(app.getHttpServer());
    const page = await agent.get('/admin/login');
    await agent.post('/admin/login').type('form').send({ _csrf: csrfOf(page.text), login, password: PASSWORD }).expect(303);
    const board = await agent.get('/admin/queues').set('Accept', 'text/html').expect(200);
    const xsrf = /XSRF-TOKEN=([^;]+)/.exec(String(board.headers['set-cookie']))?.[1];
    if (!xsrf) throw new Error('No XSRF-TOKEN cookie');
    const origin = config.publicUrl.origin;
    const put = (path: string) => agent.put(`/admin/queues/api/queues/${path}`).set('Origin', origin).set('X-XSRF-TOKEN', decodeURIComponent(xsrf));
    const add = () => agent.post('/admin/queues/api/queues/email/add').set('Origin', origin).set('X-XSRF-TOKEN', decodeURIComponent(xsrf)).send({ name: 'payment.recorded', data: {} });
    return { agent, xsrf: decodeURIComponent(xsrf), put, add };
  }

  /** A job of the e-mail queue that has failed (a worker of the test's own makes it fail). */
  async function failedJob(): Promise<Job> {
    const worker = new Worker(queue.name, async () => { throw new Error('fails on purpose'); }, { connection: queue.opts.connection, prefix: queue.opts.prefix, autorun: true });
    try {
      const job = await queue.add('test-failure', { n: Math.random() }, { attempts: 1 });
      await eventually(async () => (await queue.getJobState(job.id!)) === 'failed', 15_000, 'the job to fail');
      return job;
    } finally {
      await worker.close();
    }
  }

  it('gives a viewer a read-only board: no retry, clean or new job, and the queues say read-only', async () => {
    const viewer = await staffSession('viewer1');
    const job = await failedJob();
    const queues = await viewer.agent.get('/admin/queues/api/queues').expect(200);
    expect((queues.body.queues as Array<{ readOnlyMode: boolean }>).every((q) => q.readOnlyMode)).toBe(true);
    await viewer.put(`email/${job.id}/retry`).expect(403);
    await viewer.put('email/retry/failed').expect(403);
    await viewer.put('email/clean/failed').expect(403);
    await viewer.put(`email/${job.id}/clean`).expect(403);
    await viewer.add().expect(403);
    expect(await queue.getJobState(job.id!)).toBe('failed');
    expect(await queue.getJobCounts('wait')).toEqual({ wait: 0 });
  });

  it('lets an operator retry and clean failed jobs, but not add a job, retry one that has not failed, or pause a queue', async () => {
    const operator = await staffSession('operator1');
    const queues = await operator.agent.get('/admin/queues/api/queues').expect(200);
    expect((queues.body.queues as Array<{ readOnlyMode: boolean; allowRetries: boolean }>).every((q) => !q.readOnlyMode && q.allowRetries)).toBe(true);

    const retried = await failedJob();
    await operator.put(`email/${retried.id}/retry`).expect(204);
    expect(await queue.getJobState(retried.id!)).toBe('waiting');
    // Now waiting, not failed: neither retried nor removed again.
    await operator.put(`email/${retried.id}/retry`).expect(403);
    await operator.put(`email/${retried.id}/clean`).expect(403);

    const cleaned = await failedJob();
    await operator.put(`email/${cleaned.id}/clean`).expect((res) => expect(res.status).toBeLessThan(300));
    expect(await queue.getJob(cleaned.id!)).toBeUndefined();
    await failedJob();
    await operator.put('email/retry/failed').expect((res) => expect(res.status).toBeLessThan(300));
    // Bull Board's «Clean all» keeps jobs that failed in the last 5 seconds: answered, nothing more to see.
    await failedJob();
    await operator.put('email/clean/failed').expect(200);

    const waitingBefore = (await queue.getJobCounts('wait')).wait;
    await operator.add().expect(403);
    await operator.put('email/pause').expect(403);
    await operator.put('email/retry/completed').expect(403);
    await operator.put('email/empty').expect(403);
    expect((await queue.getJobCounts('wait')).wait).toBe(waitingBefore);
    await queue.drain();
  });

  it('refuses a change to the board without the session token or from another origin', async () => {
    const operator = await staffSession('operator1');
    const job = await failedJob();
    await operator.agent.put(`/admin/queues/api/queues/email/${job.id}/retry`).set('Origin', config.publicUrl.origin).expect(403);
    await operator.agent.put(`/admin/queues/api/queues/email/${job.id}/retry`).set('X-XSRF-TOKEN', 'forged').expect(403);
    await operator.agent.put(`/admin/queues/api/queues/email/${job.id}/retry`).set('Origin', 'https://evil.example').set('X-XSRF-TOKEN', operator.xsrf).expect(403);
    await operator.agent.post('/admin/queues/api/queues/email/add').send({ name: 'payment.recorded', data: {} }).expect(403);
    expect(await queue.getJobState(job.id!)).toBe('failed');
    await queue.clean(0, 100, 'failed');
  });

  it('makes a new account a viewer unless created as an operator', async () => {
    const someone = await staffSession('someone');
    const queues = await someone.agent.get('/admin/queues/api/queues').expect(200);
    expect((queues.body.queues as Array<{ readOnlyMode: boolean }>).every((q) => q.readOnlyMode)).toBe(true);
  });

  it('throttles the staff login like the subscribers\': at most 5 passwords of 30 concurrent attempts, then 429 with Retry-After', async () => {
    const verify = jest.spyOn(Argon2PasswordHasher.prototype, 'verify');
    try {
      const agent = request.agent(app.getHttpServer());
      const csrf = csrfOf((await agent.get('/admin/login')).text);
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) => agent.post('/admin/login').type('form').send({ _csrf: csrf, login: 'viewer1', password: `wrong password ${i}` })),
      );
      expect(verify.mock.calls.length).toBeLessThanOrEqual(5);
      expect(answers.filter((res) => res.status === 429).length).toBeGreaterThanOrEqual(25);
      const right = await agent.post('/admin/login').type('form').send({ _csrf: csrf, login: 'viewer1', password: PASSWORD }).expect(429);
      expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
      expect(right.text).toContain('Слишком много неудачных попыток входа. Повторите попытку через');
    } finally {
      verify.mockRestore();
    }
  });
});
