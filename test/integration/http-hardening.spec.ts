import { INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { AppConfig } from '@app/config';
import { StaffAccounts } from '@modules/staff';
import { aContract } from '../../src/modules/billing/testing/contract.mother';
import { csrfOf, registeredSubscriber } from '../helpers/identity-fixtures';
import { SmtpCapture } from '../helpers/smtp-capture';
import { startWeb, startWorker } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';

const PASSWORD = 'Hardening-password-2026';

/**
 * The HTTP layer's defences of issue 15 that do not belong to one context: no caching of personal
 * answers (finding 5), a limit on the depth of request bodies (finding 7), X-Forwarded-For ignored
 * unless TRUST_PROXY says there is a proxy (finding 9).
 */
describe('HTTP hardening', () => {
  let smtp: SmtpCapture;
  let config: AppConfig;
  let web: NestExpressApplication;
  let worker: INestApplicationContext;
  let login: string;
  let token: string;
  const api = () => request(web.getHttpServer());

  beforeAll(async () => {
    smtp = await new SmtpCapture().start();
    config = await testConfig({ SMTP_URL: smtp.url });
    [web, worker] = await Promise.all([startWeb(config), startWorker(config)]);
    const contract = aContract('individual');
    login = await registeredSubscriber(web, smtp, config.publicUrl.origin, contract, `hard-${contract.contractNumber}@example.kz`, PASSWORD);
    await web.get(StaffAccounts).upsert('hardening-staff', 'correct horse battery staple');
    token = (await api().post('/api/v1/auth/token').send({ login, password: PASSWORD }).expect(201)).body.accessToken;
  });

  afterAll(async () => {
    await Promise.all([web?.close(), worker?.close()]);
    await smtp?.stop();
  });

  describe('caching of personal data', () => {
    const noStore = (res: request.Response) => {
      expect(res.headers['cache-control']).toMatch(/(^|[\s,])no-store($|[\s,])/);
    };

    it('answers the access token with no-store and Pragma: no-cache (RFC 6749 §5.1)', async () => {
      const res = await api().post('/api/v1/auth/token').send({ login, password: PASSWORD }).expect(201);
      noStore(res);
      expect(res.headers.pragma).toBe('no-cache');
    });

    it('marks every API answer no-store, refusals included', async () => {
      const auth = { Authorization: `Bearer ${token}` };
      for (const path of ['/api/v1/me', '/api/v1/meters', '/api/v1/settlements', '/api/v1/charges']) noStore(await api().get(path).set(auth).expect(200));
      noStore(await api().get('/api/v1/me').expect(401));
      noStore(await api().get('/api/v1/nothing').set(auth).expect(404));
    });

    it('marks every cabinet page and the staff dashboard no-store, but not the static assets', async () => {
      const agent = request.agent(web.getHttpServer());
      const form = await agent.get('/login').expect(200);
      noStore(form);
      await agent.post('/login').type('form').send({ _csrf: csrfOf(form.text), login, password: PASSWORD }).expect(303);
      for (const path of ['/cabinet', '/cabinet/password', '/cabinet/readings', '/cabinet/settlements', '/cabinet/charges']) noStore(await agent.get(path).expect(200));

      const staff = request.agent(web.getHttpServer());
      const staffForm = await staff.get('/admin/login').expect(200);
      noStore(staffForm);
      await staff.post('/admin/login').type('form').send({ _csrf: csrfOf(staffForm.text), login: 'hardening-staff', password: 'correct horse battery staple' }).expect(303);
      noStore(await staff.get('/admin/queues').expect(200));
      noStore(await staff.get('/admin/queues/api/queues').expect(200));

      // and the pages' policy (ASVS 5.0 3.4.3, 3.4.6): no plugins, no <base>, never framed
      const page = await api().get('/login').expect(200);
      const csp = String(page.headers['content-security-policy']);
      for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"]) expect(csp).toContain(directive);
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['referrer-policy']).toBe('same-origin');

      const asset = await api().get('/assets/app.css').expect(200);
      expect(asset.headers['cache-control'] ?? '').not.toContain('no-store');
    });
  });

  describe('deeply nested bodies', () => {
    const deepJson = (levels: number) => `${'{"a":['.repeat(levels / 2)}1${']}'.repeat(levels / 2)}`;

    it('refuses a JSON body of 2,000 levels with 400 in the problem format and the request language, on every kind of route', async () => {
      const body = deepJson(2000);
      const auth = { Authorization: `Bearer ${token}` };
      for (const [path, headers] of [['/api/v1/auth/token', {}], ['/api/v1/registrations', {}], ['/api/v1/readings', auth], ['/api/v1/reports', auth]] as const) {
        const res = await api().post(path).set(headers).set('Accept-Language', 'en').set('Content-Type', 'application/json').send(body);
        expect([path, res.status]).toEqual([path, 400]);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body).toMatchObject({ status: 400, code: 'REQUEST.TOO_DEEP', title: 'The request body is nested too deeply: at most 32 levels.' });
      }
      const kk = await api().post('/api/v1/auth/token').set('Accept-Language', 'kk').set('Content-Type', 'application/json').send(body).expect(400);
      expect(kk.body.title).toBe('Сұрау денесінің ендірілу деңгейі тым терең: ең көбі 32 деңгей.');
      // and a form page answers with a page, not a 500
      const page = await api().post('/login').set('Accept-Language', 'en').set('Content-Type', 'application/json').send(body);
      expect(page.status).toBe(400);
      expect(page.headers['content-type']).toContain('text/html');
    });

    it('lets a body of 32 levels through to validation', async () => {
      let login31: unknown = 'x';
      for (let i = 0; i < 31; i += 1) login31 = [login31];
      const res = await api().post('/api/v1/password-recovery').send({ loginOrEmail: login31 });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('REQUEST.INVALID');
      expect(res.body.errors).toContainEqual(expect.objectContaining({ code: 'REQUEST.IS_STRING', field: 'loginOrEmail' }));
    });

    it('keeps form bodies and query strings flat: brackets do not nest', async () => {
      const key = `a${'[b]'.repeat(2000)}`;
      const form = await api().post('/api/v1/auth/token').type('form').send(`${encodeURIComponent(key)}=1&login=x&password=y`);
      expect(form.status).toBeLessThan(500);
      const query = await api().get(`/api/v1/charges?${encodeURIComponent(key)}=1`).set('Authorization', `Bearer ${token}`);
      expect(query.status).toBeLessThan(500);
    });
  });
});

describe('X-Forwarded-For without TRUST_PROXY (production, the web port published directly)', () => {
  let web: NestExpressApplication;

  beforeAll(async () => {
    const config = await testConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:1', SESSION_SECRET: randomBytes(48).toString('base64') });
    expect(config.trustProxy).toBe(false);
    web = await startWeb(config);
  });

  afterAll(async () => {
    await web?.close();
  });

  it('does not let a random X-Forwarded-For per try escape the per-address limit', async () => {
    const statuses: number[] = [];
    // A different login each time, so that only the limit per client address can stop the guesses.
    for (let attempt = 0; attempt < 40 && !statuses.includes(429); attempt += 1) {
      const forwarded = `${1 + (randomBytes(1)[0] % 223)}.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0] % 254)}`;
      const res = await request(web.getHttpServer()).post('/api/v1/auth/token').set('X-Forwarded-For', forwarded).send({ login: `guess-${attempt}-${randomBytes(3).toString('hex')}`, password: 'wrong-password-1' });
      statuses.push(res.status);
    }
    expect(statuses).toContain(429);
  });
});

describe('SESSION_SECRET rotation', () => {
  const OLD = randomBytes(48).toString('base64');
  const NEW = randomBytes(48).toString('base64');

  it('keeps the sessions signed with the old secret when it follows the new one, and only then', async () => {
    const config = await testConfig({ SESSION_SECRET: OLD });
    const withSecrets = (...secrets: string[]): AppConfig => ({ ...config, sessionSecret: secrets[0], sessionSecrets: secrets });
    const tokenOf = async (web: NestExpressApplication, cookie?: string) => {
      const page = await request(web.getHttpServer()).get('/login').set(cookie ? { Cookie: cookie } : {}).expect(200);
      return { csrf: csrfOf(page.text), cookie: String(page.headers['set-cookie'] ?? '').split(';')[0] };
    };

    let web = await startWeb(config);
    const first = await tokenOf(web);
    expect(first.cookie).toMatch(/^vk\.sid=s%3A/);
    await web.close();

    web = await startWeb(withSecrets(NEW, OLD));
    try {
      // The old cookie still opens its session (the same CSRF token), and is signed anew with NEW.
      const rotated = await tokenOf(web, first.cookie);
      expect(rotated.csrf).toBe(first.csrf);
    } finally {
      await web.close();
    }

    web = await startWeb(withSecrets(NEW));
    try {
      // Without OLD in the list, the cookie is refused: a new session, a new token.
      expect((await tokenOf(web, first.cookie)).csrf).not.toBe(first.csrf);
    } finally {
      await web.close();
    }
  });
});
