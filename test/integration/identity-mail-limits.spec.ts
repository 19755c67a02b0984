import { INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { aContract } from '../../src/modules/billing/testing/contract.mother';
import { eventually, startWeb, startWorker } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';
import { SmtpCapture } from '../helpers/smtp-capture';
import { seedContract } from '../helpers/identity-fixtures';

/** Nobody can flood a subscriber's inbox through the public recovery and resend forms. */
describe('e-mails asked for by strangers are limited per account', () => {
  let smtp: SmtpCapture;
  let web: NestExpressApplication;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    smtp = await new SmtpCapture().start();
    const config = await testConfig({ SMTP_URL: smtp.url });
    [web, worker] = await Promise.all([startWeb(config), startWorker(config)]);
  });

  afterAll(async () => {
    await Promise.all([web?.close(), worker?.close()]);
    await smtp?.stop();
  });

  async function register(email: string): Promise<string> {
    const contract = await seedContract(web, aContract('individual'));
    const password = 'Зелёный-Чайник-2026';
    await request(web.getHttpServer())
      .post('/api/v1/registrations')
      .send({ subscriberType: 'individual', name: contract.name, email, password, passwordConfirmation: password, iinBin: contract.iinBin, accountNumber: contract.contractNumber })
      .expect(201);
    await eventually(() => smtp.to(email).length === 1, 20_000, 'the confirmation e-mail');
    return contract.contractNumber;
  }

  it('sends at most 3 recovery e-mails per account in 15 minutes, and answers every request the same', async () => {
    const login = await register('recover-many@example.kz');
    const answers = [];
    for (let i = 0; i < 6; i += 1) answers.push(await request(web.getHttpServer()).post('/api/v1/password-recovery').send({ loginOrEmail: login }));
    expect(new Set(answers.map((answer) => `${answer.status} ${JSON.stringify(answer.body)}`)).size).toBe(1);
    await eventually(() => smtp.to('recover-many@example.kz').length >= 4, 20_000, 'three recovery e-mails');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(smtp.to('recover-many@example.kz')).toHaveLength(1 + 3);
  });

  it('resends the confirmation at most 3 times per account in 15 minutes', async () => {
    const login = await register('resend-many@example.kz');
    for (let i = 0; i < 5; i += 1) await request(web.getHttpServer()).post('/api/v1/registrations/resend').send({ login }).expect(202);
    await eventually(() => smtp.to('resend-many@example.kz').length >= 4, 20_000, 'three resent confirmations');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(smtp.to('resend-many@example.kz')).toHaveLength(1 + 3);
  });
});
