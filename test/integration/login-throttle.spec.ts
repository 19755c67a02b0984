import { NestExpressApplication } from '@nestjs/platform-express';
import type { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { AppConfig } from '@app/config';
import { Argon2PasswordHasher } from '@app/security';
import { aContract } from '../../src/modules/billing/testing/contract.mother';
import { csrfOf, registeredSubscriber } from '../helpers/identity-fixtures';
import { SmtpCapture } from '../helpers/smtp-capture';
import { MikroOrmSubscriberAccountRepository } from '../../src/modules/identity/infrastructure/persistence/mikro-orm-subscriber-account.repository';
import { eventually, startWeb, startWorker } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';

const PASSWORD = 'Тихий-вечер-над-Иртышом';

/**
 * Login limits against concurrent guesses (issue 15, finding 1): in a file of its own, so that the
 * client address's counter (every request comes from 127.0.0.1) is not shared with other tests.
 */
describe('login limits', () => {
  let smtp: SmtpCapture;
  let config: AppConfig;
  let app: NestExpressApplication;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    smtp = await new SmtpCapture().start();
    config = await testConfig({ SMTP_URL: smtp.url });
    app = await startWeb(config);
    worker = await startWorker(config);
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await smtp?.stop();
  });

  const http = () => request(app.getHttpServer());

  /** A confirmed account, ready to log in. */
  async function confirmedAccount(type: 'legal' | 'individual') {
    const contract = aContract(type);
    return { login: await registeredSubscriber(app, smtp, config.publicUrl.origin, contract, `${type}-${contract.contractNumber}@example.kz`, PASSWORD) };
  }

  /**
   * Holds every password check until the test lets them go, counting them: the burst then really is
   * concurrent (no check can finish, and no failure be counted after it, before all have arrived).
   */
  function gatedVerify() {
    const original = Argon2PasswordHasher.prototype.verify;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const state = { calls: 0 };
    const spy = jest.spyOn(Argon2PasswordHasher.prototype, 'verify').mockImplementation(async function (this: Argon2PasswordHasher, hash: string, password: string) {
      state.calls += 1;
      await gate;
      return original.call(this, hash, password);
    });
    return { state, release, restore: () => spy.mockRestore() };
  }

  it('checks at most 5 passwords of 100 concurrent API attempts, and the right one beyond them gets 429 with Retry-After', async () => {
    const { login } = await confirmedAccount('legal');
    const verify = gatedVerify();
    try {
      let answered = 0;
      const wrong = Array.from({ length: 99 }, (_, i) =>
        http()
          .post('/api/v1/auth/token')
          .send({ login, password: `wrong-password-${i}` })
          .then((res) => ((answered += 1), res)),
      );
      // Every wrong attempt is either waiting at its password check or already refused.
      await eventually(() => verify.state.calls + answered === 99, 30_000, 'the burst to arrive');
      const right = http().post('/api/v1/auth/token').send({ login, password: PASSWORD }).then((res) => ((answered += 1), res));
      await eventually(() => verify.state.calls + answered === 100, 30_000, 'the right password to arrive');
      verify.release();
      const answers = await Promise.all([...wrong, right]);
      expect(verify.state.calls).toBeLessThanOrEqual(5);
      const last = answers[99];
      expect(last.status).toBe(429);
      expect(last.body.accessToken).toBeUndefined();
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
      expect(answers.filter((res) => res.status === 429).every((res) => Number(res.headers['retry-after']) > 0)).toBe(true);
      expect(answers.filter((res) => res.status === 200)).toHaveLength(0);
    } finally {
      verify.release();
      verify.restore();
    }
  });

  it('checks at most 5 passwords of 30 concurrent form logins, and tells the others when to try again', async () => {
    const { login } = await confirmedAccount('individual');
    const agent = request.agent(app.getHttpServer());
    const csrf = csrfOf((await agent.get('/login').expect(200)).text);
    const verify = gatedVerify();
    try {
      let answered = 0;
      const posts = Array.from({ length: 30 }, (_, i) =>
        agent
          .post('/login')
          .type('form')
          .send({ _csrf: csrf, login, password: i === 29 ? PASSWORD : `wrong-password-${i}` })
          .then((res) => ((answered += 1), res)),
      );
      await eventually(() => verify.state.calls + answered === 30 || verify.state.calls > 5, 30_000, 'the burst to arrive');
      verify.release();
      const answers = await Promise.all(posts);
      expect(verify.state.calls).toBeLessThanOrEqual(5);
      const refused = answers.filter((res) => res.status === 429);
      expect(refused.length).toBeGreaterThanOrEqual(25);
      expect(refused[0].text).toMatch(/Повторите попытку через \d+ мин\./);
      expect(refused[0].headers['retry-after']).toBeDefined();
    } finally {
      verify.release();
      verify.restore();
    }
  });

  it('counts wrong current passwords like failed logins: the 6th is refused with 429 and Retry-After', async () => {
    const { login } = await confirmedAccount('individual');
    const token = (await http().post('/api/v1/auth/token').send({ login, password: PASSWORD }).expect(201)).body.accessToken as string;
    const change = (currentPassword: string) =>
      http().put('/api/v1/me/password').set('Authorization', `Bearer ${token}`).send({ currentPassword, newPassword: 'Другой-пароль-123', newPasswordConfirmation: 'Другой-пароль-123' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await change(`wrong-current-${i}`)).status);
    expect(statuses).toEqual([422, 422, 422, 422, 422]);
    const refused = await change(PASSWORD).expect(429);
    expect(refused.body.code).toBe('IDENTITY.TOO_MANY_ATTEMPTS');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('takes back attempts whose check failed (the database away): 30 of them lock neither the login nor the address', async () => {
    const { login } = await confirmedAccount('legal');
    const away = jest
      .spyOn(MikroOrmSubscriberAccountRepository.prototype, 'snapshotByLogin')
      .mockRejectedValue(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    try {
      // One after another, as tries during an outage come (concurrent ones are counted while in flight,
      // before any is taken back, so beyond the limit they are refused: the check cannot know yet).
      const statuses: number[] = [];
      for (let i = 0; i < 30; i += 1) statuses.push((await http().post('/api/v1/auth/token').send({ login, password: PASSWORD })).status);
      expect(statuses).toEqual(Array(30).fill(503));
    } finally {
      away.mockRestore();
    }
    // Counted and kept, these would have locked the login after 5 and the address after 20.
    const after = await http().post('/api/v1/auth/token').send({ login, password: PASSWORD });
    expect(after.status).toBe(201);
    const other = await confirmedAccount('individual');
    await http().post('/api/v1/auth/token').send({ login: other.login, password: PASSWORD }).expect(201);
  });
});
