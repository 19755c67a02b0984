import { INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
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
      token = res.body.accessToken;
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

      const asset = await api().get('/assets/app.css').expect(200);
      expect(asset.headers['cache-control'] ?? '').not.toContain('no-store');
    });
  });
});
