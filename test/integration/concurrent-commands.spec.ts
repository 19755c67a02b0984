import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { aContract } from '../../src/modules/billing/testing/contract.mother';
import { startWeb } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';
import { seedContract } from '../helpers/identity-fixtures';

/** A command whose commit loses a race on a unique key runs again and answers as the domain does. */
describe('commands racing on a unique key', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await startWeb(await testConfig());
  });

  afterAll(async () => {
    await app?.close();
  });

  it('registers one cabinet for simultaneous registrations of one contract, and tells the others why, never with a 500', async () => {
    const contract = await seedContract(app, aContract('legal'));
    const password = 'Зелёный-Чайник-2026';
    const body = {
      subscriberType: 'legal',
      name: contract.name,
      email: 'race@example.kz',
      password,
      passwordConfirmation: password,
      iinBin: contract.iinBin,
      contractNumber: contract.contractNumber,
      invoiceByEmail: false,
    };
    const answers = await Promise.all(Array.from({ length: 6 }, () => request(app.getHttpServer()).post('/api/v1/registrations').send(body)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    for (const refused of answers.filter((answer) => answer.status !== 201)) {
      expect(refused.status).toBe(422);
      expect((refused.body.errors as Array<{ code: string }>).map((error) => error.code)).toContain('IDENTITY.ALREADY_REGISTERED');
    }
  });
});
