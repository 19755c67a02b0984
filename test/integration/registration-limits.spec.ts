import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { AppConfig } from '@app/config';
import { PASSWORD_ATTEMPTS as REGISTRATION_THROTTLE } from '@app/security';
import { aContract } from '../../src/modules/billing/testing/contract.mother';
import { csrfOf, seedContract } from '../helpers/identity-fixtures';
import { startWeb } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';

const PASSWORD = 'Тихий-вечер-над-Иртышом';

type Problem = { status: number; body: { code?: string; title?: string; errors?: Array<{ code: string; field?: string; detail: string }> }; headers: Record<string, string> };

/**
 * Registration as an oracle (issue 15, finding 2): in a file of its own, so that the client address's
 * counter (every request comes from 127.0.0.1) is not shared with other tests.
 */
describe('registration limits', () => {
  let config: AppConfig;
  let app: NestExpressApplication;

  beforeAll(async () => {
    config = await testConfig();
    app = await startWeb(config);
  });

  afterAll(async () => {
    await app?.close();
  });

  const http = () => request(app.getHttpServer());

  function register(type: 'legal' | 'individual', number: string, iinBin: string, email = `someone-${number}@example.kz`): Promise<Problem> {
    return http()
      .post('/api/v1/registrations')
      .send({ subscriberType: type, name: 'Абонент', email, password: PASSWORD, passwordConfirmation: PASSWORD, iinBin, [type === 'legal' ? 'contractNumber' : 'accountNumber']: number, invoiceByEmail: false }) as unknown as Promise<Problem>;
  }

  const answerOf = (res: Problem) => ({ status: res.status, code: res.body.code, errors: res.body.errors?.map(({ code, field, detail }) => ({ code, field, detail })) });

  it('answers the same whether a contract does not exist or its IIN/BIN does not match, and «already registered» only to whoever gives both', async () => {
    for (const type of ['legal', 'individual'] as const) {
      const contract = await seedContract(app, aContract(type));
      expect((await register(type, contract.contractNumber, contract.iinBin)).status).toBe(201);
      const stranger = aContract(type);

      const missing = await register(type, stranger.contractNumber, stranger.iinBin);
      const mismatch = await register(type, contract.contractNumber, stranger.iinBin);
      expect(missing.status).toBe(422);
      expect(answerOf(mismatch)).toEqual(answerOf(missing));
      expect(mismatch.body.errors?.map((e) => e.code)).toEqual([type === 'legal' ? 'IDENTITY.CONTRACT_NOT_FOUND' : 'IDENTITY.ACCOUNT_NOT_FOUND']);

      const both = await register(type, contract.contractNumber, contract.iinBin);
      expect(both.body.errors?.map((e) => e.code)).toEqual(['IDENTITY.ALREADY_REGISTERED']);
    }
  });

  it('says the same on the page for a contract that does not exist and one whose BIN does not match', async () => {
    const contract = await seedContract(app, aContract('legal'));
    const stranger = aContract('legal');
    const agent = request.agent(app.getHttpServer());
    const csrf = csrfOf((await agent.get('/register?type=legal').expect(200)).text);
    const post = (number: string, iinBin: string) =>
      agent.post('/register').type('form').send({ _csrf: csrf, subscriberType: 'legal', name: 'ТОО', email: 'a@example.kz', password: PASSWORD, passwordConfirmation: PASSWORD, iinBin, contractNumber: number });
    const missing = await post(stranger.contractNumber, stranger.iinBin);
    const mismatch = await post(contract.contractNumber, stranger.iinBin);
    const message = 'Договор с таким номером и ИИН / БИН не найден. Проверьте номер договора и ИИН / БИН.';
    expect(missing.status).toBe(422);
    expect(mismatch.status).toBe(422);
    expect(missing.text).toContain(message);
    expect(mismatch.text).toContain(message);
    expect(mismatch.text).not.toContain('не совпадает');
  });

  it('limits the attempts at one contract: the 6th waits, with 429 and Retry-After on the API and the reason on the page', async () => {
    const contract = await seedContract(app, aContract('legal'));
    const statuses: number[] = [];
    for (let i = 0; i < REGISTRATION_THROTTLE.subjectThreshold; i += 1) statuses.push((await register('legal', contract.contractNumber, aContract('legal').iinBin)).status);
    expect(statuses).toEqual([422, 422, 422, 422, 422]);
    // Even with the right BIN: the contract is not looked up until the wait is over.
    const refused = await register('legal', contract.contractNumber, contract.iinBin);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('IDENTITY.TOO_MANY_REGISTRATIONS');
    expect(refused.body.title).toBe('Слишком много попыток регистрации. Повторите попытку через 1 мин.');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

    const agent = request.agent(app.getHttpServer());
    const csrf = csrfOf((await agent.get('/register?type=legal').expect(200)).text);
    const page = await agent
      .post('/register')
      .type('form')
      .send({ _csrf: csrf, subscriberType: 'legal', name: 'ТОО', email: 'b@example.kz', password: PASSWORD, passwordConfirmation: PASSWORD, iinBin: contract.iinBin, contractNumber: contract.contractNumber });
    expect(page.status).toBe(429);
    expect(page.headers['retry-after']).toBeDefined();
    expect(page.text).toContain('Слишком много попыток регистрации. Повторите попытку через 1 мин.');
  });

  it('limits the attempts from one address, whatever the contract', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < REGISTRATION_THROTTLE.addressThreshold + 1; i += 1) {
      const stranger = aContract(i % 2 ? 'legal' : 'individual');
      const res = await register(stranger.subscriberType, stranger.contractNumber, stranger.iinBin);
      statuses.push(res.status);
      if (res.status === 429) break;
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((status) => status === 422)).toBe(true);
    // A fresh contract from the same address waits too.
    const next = aContract('legal');
    const refused = await register('legal', next.contractNumber, next.iinBin);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });
});
