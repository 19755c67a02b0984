import type { INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import Redis from 'ioredis';
import { Client } from 'pg';
import request from 'supertest';
import { AppConfig } from '@app/config';
import { redisOptionsFromUrl } from '@app/messaging';
import { Clock } from '@app/shared-kernel';
import { SessionService } from '@app/web';
import { aContract } from '../../src/modules/billing/testing/contract.mother';
import { csrfOf, linkIn, mailTo, registeredSubscriber } from '../helpers/identity-fixtures';
import { SmtpCapture } from '../helpers/smtp-capture';
import { startWeb, startWorker } from '../helpers/test-app';
import { testClock } from '../helpers/test-clock';
import { testConfig } from '../helpers/test-env';

const PASSWORD = 'Тихий-вечер-над-Иртышом';
const NEW_PASSWORD = 'Другой-вечер-над-Бухтармой';
const DAY_MS = 24 * 3600 * 1000;

/** The run's clock, which a test can move forward by whole days (sessions then age without waiting). */
class JumpingClock extends Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(testClock().now().getTime() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sessions of an account (issue 15, finding 6): all of them end on a change, whatever their age; none lives forever. */
describe('session lifetimes', () => {
  let smtp: SmtpCapture;
  let config: AppConfig;
  let app: NestExpressApplication;
  let worker: INestApplicationContext;
  let redis: Redis;
  const clock = new JumpingClock();

  beforeAll(async () => {
    smtp = await new SmtpCapture().start();
    config = await testConfig({ SMTP_URL: smtp.url });
    [app, worker] = await Promise.all([startWeb(config, { clock }), startWorker(config, { clock })]);
    redis = new Redis({ ...redisOptionsFromUrl(config.redisUrl), keyPrefix: `${config.redisPrefix}:` });
  });

  afterAll(async () => {
    await redis?.quit();
    await worker?.close();
    await app?.close();
    await smtp?.stop();
  });

  const origin = () => `http://127.0.0.1:${config.port}`;

  async function account(type: 'legal' | 'individual' = 'legal') {
    const contract = aContract(type);
    const email = `sessions-${contract.contractNumber}@example.kz`;
    const login = await registeredSubscriber(app, smtp, origin(), contract, email, PASSWORD);
    return { login, email };
  }

  async function formLogin(login: string, rememberMe: boolean) {
    const agent = request.agent(app.getHttpServer());
    const page = await agent.get('/login').expect(200);
    await agent.post('/login').type('form').send({ _csrf: csrfOf(page.text), login, password: PASSWORD, ...(rememberMe ? { rememberMe: '1' } : {}) }).expect(303);
    return agent;
  }

  async function changePassword(agent: ReturnType<typeof request.agent>, current = PASSWORD) {
    const page = await agent.get('/cabinet/password').expect(200);
    await agent.post('/cabinet/password').type('form').send({ _csrf: csrfOf(page.text), currentPassword: current, newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD }).expect(303);
  }

  it('ends on a password change a remembered session used only for page views for longer than its index lived', async () => {
    const { login } = await account();
    const remembered = await formLogin(login, true);
    // The first page after the login writes the session (its CSRF token); later page views only touch it.
    await remembered.get('/cabinet').expect(200);
    const [index] = await redis.keys(`${config.redisPrefix}:sess-owner:subscriber:*`);
    const indexKey = index.slice(config.redisPrefix.length + 1);
    // The index is near its end (as a 31-day one was after a month of page views): 2 seconds left.
    await redis.expire(indexKey, 2);
    for (let i = 0; i < 5; i += 1) {
      await remembered.get('/cabinet').expect(200);
      await pause(700);
    }
    expect(await redis.exists(indexKey)).toBe(1);
    const other = await formLogin(login, false);
    await changePassword(other);
    await remembered.get('/cabinet').expect(303);
    await other.get('/cabinet').expect(200);
  });

  it('refuses a session more than 30 days after its login, though it was used every day', async () => {
    const { login } = await account('individual');
    const remembered = await formLogin(login, true);
    for (let day = 1; day <= 29; day += 1) {
      clock.advance(DAY_MS);
      await remembered.get('/cabinet').expect(200);
    }
    clock.advance(DAY_MS + 60_000);
    const refused = await remembered.get('/cabinet').expect(303);
    expect(refused.headers.location).toMatch(/^\/login/);
  });

  it('ends the other sessions only after the new password is committed', async () => {
    const { login } = await account();
    const sessions = app.get(SessionService);
    const original = sessions.endAllOf.bind(sessions);
    const seen: string[] = [];
    const spy = jest.spyOn(sessions, 'endAllOf').mockImplementation(async (owner, except) => {
      // What another connection sees at that moment: the new hash only if it was committed.
      const client = new Client({ connectionString: config.databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ password_hash: string }>('select password_hash from subscriber_account where login = $1', [login]);
        seen.push(rows[0].password_hash);
      } finally {
        await client.end();
      }
      return original(owner, except);
    });
    try {
      const { rows: before } = await (async () => {
        const client = new Client({ connectionString: config.databaseUrl });
        await client.connect();
        try {
          return await client.query<{ password_hash: string }>('select password_hash from subscriber_account where login = $1', [login]);
        } finally {
          await client.end();
        }
      })();
      const remembered = await formLogin(login, true);
      const other = await formLogin(login, false);
      await changePassword(other);
      expect(seen).toHaveLength(1);
      expect(seen[0]).not.toBe(before[0].password_hash);
      await remembered.get('/cabinet').expect(303);
    } finally {
      spy.mockRestore();
    }
  });

  it('ends every other session and API token when the e-mail change is confirmed', async () => {
    const { login, email } = await account('individual');
    const browser = await formLogin(login, true);
    const token = (await request(app.getHttpServer()).post('/api/v1/auth/token').send({ login, password: PASSWORD }).expect(201)).body.accessToken as string;
    const other = (await request(app.getHttpServer()).post('/api/v1/auth/token').send({ login, password: PASSWORD }).expect(201)).body.accessToken as string;
    const newEmail = `changed-${email}`;
    await request(app.getHttpServer()).put('/api/v1/me/email').set('Authorization', `Bearer ${token}`).send({ email: newEmail }).expect(202);
    const link = new URL(linkIn(await mailTo(smtp, newEmail, 'Подтверждение нового email'), '/cabinet/email/confirm'));
    await request(app.getHttpServer()).post('/api/v1/email-changes/confirm').set('Authorization', `Bearer ${token}`).send({ token: link.searchParams.get('token') }).expect(200);
    await browser.get('/cabinet').expect(303);
    await request(app.getHttpServer()).get('/api/v1/me').set('Authorization', `Bearer ${other}`).expect(401);
    await request(app.getHttpServer()).get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
  });
});
