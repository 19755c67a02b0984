import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Job, Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { Client } from 'pg';
import request from 'supertest';
import { join } from 'node:path';
import { AppConfig } from '@app/config';
import { bullPrefix, QUEUES, redisOptionsFromUrl } from '@app/messaging';
import { Commands } from '@app/persistence';
import { WebModule } from '@app/web';
import { UpsertContract } from '@modules/billing';
import { DemoConfirmation, IdentityCommandsModule, RegisterSubscriber } from '@modules/identity';
import { MeteringWorkerModule, UpsertMeter } from '@modules/metering';
import { CoreModule } from '../../src/core.module';
import { aContract } from '../../src/modules/billing/testing/contract.mother';
import { launchBrowser, recordCspViolations, SCREENSHOTS } from '../helpers/browser';
import { eventually, startWeb, startWorker } from '../helpers/test-app';
import { monthFrom, testClock } from '../helpers/test-clock';
import { testConfig } from '../helpers/test-env';

const PASSWORD = 'Readings-e2e-password-2026';
const LEGAL = { contractNumber: '7001', login: 'vk7001' };
const PERSON = { contractNumber: '04008999', login: '04008999' };
/** Their contracts as the back office publishes them; the legal entity has a heat meter. */
const CONTRACTS = { legal: aContract('legal', { contractNumber: LEGAL.contractNumber, heatMeterInstalled: true }), individual: aContract('individual', { contractNumber: PERSON.contractNumber }) };

const MESSAGES = {
  noFactoryNumber: 'Показания на водомер без заводского номера не передаются!',
  removed: 'Невозможно передать показания на не работающий прибор учета!',
  check: 'Уважаемый потребитель! Проверьте правильность ввода показаний приборов учёта',
  inProcessing: 'Ваши показания в обработке!',
  heat: 'Установлен теплосчётчик: Да',
  heatPrintout: 'Необходимо предоставить распечатку суточных параметров теплоснабжения',
};

/** Dates from the run's clock: the back office's last reading on the 20th of the previous month, verifications years ahead. */
const clock = testClock();
const LAST_READING_DATE = `${monthFrom(clock.now(), -1).period}-20`;
const VERIFIED_UNTIL = `${monthFrom(clock.now(), 0).year + 9}-01-01`;

function meter(meterId: string, contractNumber: string, overrides: Record<string, unknown> = {}) {
  return { meterId, contractNumber, accountNumber: contractNumber === LEGAL.contractNumber ? CONTRACTS.legal.accounts[0].accountNumber : contractNumber, water: 'cold' as const, factoryNumber: `${meterId.replace(/\D/g, '')}${meterId.length}`, verificationDate: VERIFIED_UNTIL, state: 'installed' as const, ...overrides };
}

/** Contracts and meters through Billing's and Metering's commands; cabinets through Identity's (as the demo seed does). */
async function seed(config: AppConfig): Promise<void> {
  @Module({ imports: [CoreModule.forRoot(config, 'web', { clock }), WebModule, IdentityCommandsModule, MeteringWorkerModule] })
  class SeedModule {}
  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error'] });
  try {
    const commands = app.get(Commands);
    for (const contract of Object.values(CONTRACTS)) await commands.execute(new UpsertContract(contract));
    for (const payload of [
      meter('7001-cold', LEGAL.contractNumber, { factoryNumber: '12223773', lastReading: { value: '100', date: LAST_READING_DATE, source: 'controller' } }),
      meter('7001-hot', LEGAL.contractNumber, { water: 'hot' }),
      meter('7001-nofn', LEGAL.contractNumber, { factoryNumber: null }),
      meter('7001-removed', LEGAL.contractNumber, { water: 'hot', state: 'removed', verificationDate: null }),
      meter('7001-expired', LEGAL.contractNumber, { verificationDate: '2020-01-01' }),
      meter('8999-cold', PERSON.contractNumber),
      meter('8999-hot', PERSON.contractNumber, { water: 'hot' }),
    ]) await commands.execute(new UpsertMeter(payload));
    for (const [type, number, iinBin, login] of [['legal', LEGAL.contractNumber, CONTRACTS.legal.iinBin, LEGAL.login], ['individual', PERSON.contractNumber, CONTRACTS.individual.iinBin, PERSON.login]] as const) {
      await commands.execute(new RegisterSubscriber({ subscriberType: type, name: 'Абонент', email: `${login}@example.kz`, password: PASSWORD, passwordConfirmation: PASSWORD, iinBin, number, invoiceByEmail: false }));
      await app.get(DemoConfirmation).confirm(login);
    }
  } finally {
    await app.close();
  }
}

describe('«Показания приборов учёта» (SPEC §2, Рисунок 13)', () => {
  let config: AppConfig;
  let web: NestExpressApplication;
  let worker: INestApplicationContext;
  let browser: Browser;
  let db: Client;
  let redis: Redis;
  let consumer: Worker;
  let inbound: Queue;
  const received: Job[] = [];

  beforeAll(async () => {
    config = await testConfig();
    await seed(config);
    [web, worker, browser] = await Promise.all([startWeb(config), startWorker(config), launchBrowser()]);
    db = new Client({ connectionString: config.databaseUrl });
    await db.connect();
    redis = new Redis({ ...redisOptionsFromUrl(config.redisUrl), maxRetriesPerRequest: null });
    // A test consumer in the back office's place.
    consumer = new Worker(QUEUES.BACKOFFICE_OUTBOUND, async (job) => void received.push(job), { connection: redis, prefix: bullPrefix(config.redisPrefix) });
    inbound = new Queue(QUEUES.BACKOFFICE_INBOUND, { connection: redis, prefix: bullPrefix(config.redisPrefix) });
  });

  afterAll(async () => {
    await consumer?.close();
    await inbound?.close();
    redis?.disconnect();
    await db?.end();
    await browser?.close();
    await Promise.all([web?.close(), worker?.close()]);
  });

  const readingsOf = async (contractNumber: string) => (await db.query(`select meter_id, value::text, source, status, rejection_reason from meter_reading where contract_number = $1 order by meter_id`, [contractNumber])).rows;

  async function logIn(context: BrowserContext, login: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${config.publicUrl.origin}/cabinet/readings`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Логин:').fill(login);
    await page.getByLabel('Пароль:').fill(PASSWORD);
    await Promise.all([page.waitForURL('**/cabinet/readings'), page.locator('form.login-form button[type=submit], main form button[type=submit]').last().click()]);
    return page;
  }

  const input = (page: Page, meterId: string) => page.locator(`tr[data-meter-id="${meterId}"] input.reading-value`);
  const row = (page: Page, meterId: string) => page.locator(`tr[data-meter-id="${meterId}"]`);

  async function fill(page: Page, values: Record<string, string>): Promise<void> {
    for (const meterId of await page.locator('tr[data-meter-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-meter-id')!))) {
      const field = input(page, meterId);
      if (await field.count()) await field.fill(values[meterId] ?? '');
    }
  }

  describe('a legal entity, with JavaScript', () => {
    let context: BrowserContext;
    let page: Page;
    const cspViolations: string[] = [];

    beforeAll(async () => {
      context = await browser.newContext({ locale: 'ru-RU' });
      page = await logIn(context, LEGAL.login);
      recordCspViolations(page, cspViolations);
    });

    afterAll(async () => context?.close());

    it('shows the manual’s table, notices and «-» for missing values', async () => {
      const main = await page.locator('main').innerText();
      for (const column of ['Вода', 'Завод №', 'Дата поверки', 'Состояние водомера', 'Дата предыдущ. показаний', 'Предыдущ. показания', 'Источник предыдущ. показаний', 'Текущие показания', 'Дата передачи показаний', 'Источник показаний']) {
        await expect(page.getByRole('columnheader', { name: column, exact: true }).count()).resolves.toBe(1);
      }
      for (const text of [MESSAGES.check, MESSAGES.heat, MESSAGES.heatPrintout]) expect(main).toContain(text);
      expect(main).not.toContain(MESSAGES.inProcessing);
      const cold = await row(page, '7001-cold').innerText();
      expect(cold).toMatch(new RegExp(`Хол\\s+12223773\\s+${VERIFIED_UNTIL}\\s+Установлен\\s+${LAST_READING_DATE}\\s+00000100\\.000\\s+Контролёр`));
      const removed = (await row(page, '7001-removed').locator('td').allInnerTexts()).map((cell) => cell.trim());
      expect(removed.slice(0, 7)).toEqual(['Гор', 'F', '-', 'Снят', '-', '-', '-'].map((value, i) => (i === 1 ? removed[1] : value)));
      expect(removed.slice(8)).toEqual(['-', '-']);
      await expect(page.getByRole('button', { name: 'Передать показания' }).count()).resolves.toBe(1);
      await expect(page.getByLabel('Текущие показания: Хол, завод № 12223773').count()).resolves.toBe(1);
      await page.screenshot({ path: join(SCREENSHOTS, 'readings-legal-empty.png'), fullPage: true });
    });

    it('refuses the whole submission and shows each rule’s message in its row, keeping the typed values', async () => {
      await fill(page, { '7001-cold': '99', '7001-hot': 'abc', '7001-nofn': '5', '7001-removed': '1', '7001-expired': '3' });
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Передать показания' }).click()]);
      await page.waitForSelector('#readings-form-error');
      expect(await row(page, '7001-nofn').innerText()).toContain(MESSAGES.noFactoryNumber);
      expect(await row(page, '7001-removed').innerText()).toContain(MESSAGES.removed);
      expect(await row(page, '7001-cold').innerText()).toContain('Показания не могут быть меньше предыдущих (00000100.000).');
      expect(await row(page, '7001-hot').innerText()).toContain('Показания должны быть числом, например 145.554.');
      expect(await row(page, '7001-expired').innerText()).toContain('Срок поверки прибора учёта истёк 2020-01-01');
      await expect(input(page, '7001-cold').inputValue()).resolves.toBe('99');
      await expect(input(page, '7001-hot').inputValue()).resolves.toBe('abc');
      await expect(input(page, '7001-hot').getAttribute('aria-invalid')).resolves.toBe('true');
      await page.screenshot({ path: join(SCREENSHOTS, 'readings-legal-refused.png'), fullPage: true });
      expect(await readingsOf(LEGAL.contractNumber)).toEqual([]);

      await fill(page, { '7001-cold': '123456789', '7001-hot': '-5' });
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Передать показания' }).click()]);
      await page.waitForSelector('#readings-form-error');
      expect(await row(page, '7001-cold').innerText()).toContain('Показания содержат не более 8 цифр до точки и 3 цифр после неё.');
      expect(await row(page, '7001-hot').innerText()).toContain('Показания не могут быть отрицательными.');
      expect(await readingsOf(LEGAL.contractNumber)).toEqual([]);
    });

    it('asks in a dialog when only one of several working meters is filled; «Отмена» registers nothing', async () => {
      await fill(page, { '7001-cold': '150.5' });
      // The messages of the refused submission spoke of the values that were edited since: they are gone.
      await expect(input(page, '7001-cold').getAttribute('aria-invalid')).resolves.toBeNull();
      expect(await row(page, '7001-cold').innerText()).not.toContain('Показания содержат не более 8 цифр');
      expect(await row(page, '7001-hot').innerText()).not.toContain('Показания не могут быть отрицательными.');
      await page.getByRole('button', { name: 'Передать показания' }).click();
      const dialog = page.getByRole('dialog', { name: 'Подтверждение передачи показаний' });
      await dialog.waitFor({ state: 'visible' });
      expect(await dialog.innerText()).toContain('Вы указали показания только по одному счётчику из 4');
      await expect(page.evaluate('document.activeElement && document.activeElement.textContent')).resolves.toBe('Отмена');
      await page.screenshot({ path: join(SCREENSHOTS, 'readings-legal-dialog.png'), fullPage: true });
      await dialog.getByRole('button', { name: 'Отмена' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await readingsOf(LEGAL.contractNumber)).toEqual([]);
      await expect(input(page, '7001-cold').inputValue()).resolves.toBe('150.5');
    });

    it('submits after confirming: «Ваши показания в обработке!», the value and «Сайт» after a reload, and the event reaches the back office', async () => {
      await page.getByRole('button', { name: 'Передать показания' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor({ state: 'visible' });
      await Promise.all([page.waitForURL('**/cabinet/readings'), page.waitForLoadState('load'), dialog.getByRole('button', { name: 'Передать' }).click()]);
      await page.getByText(MESSAGES.inProcessing).waitFor();
      await page.reload();
      expect(await page.locator('main').innerText()).toContain(MESSAGES.inProcessing);
      await expect(input(page, '7001-cold').inputValue()).resolves.toBe('00000150.500');
      const cells = (await row(page, '7001-cold').locator('td').allInnerTexts()).map((cell) => cell.trim());
      expect(cells[7]).toContain('В обработке');
      expect(cells.slice(8)).toEqual([expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), 'Сайт']);
      expect(await readingsOf(LEGAL.contractNumber)).toEqual([{ meter_id: '7001-cold', value: '150.500', source: 'site', status: 'pending', rejection_reason: null }]);
      const history = await page.locator('.readings-history').innerText();
      expect(history).toMatch(/00000150\.500\s+50\.500\s+Сайт\s+В обработке/);
      await page.screenshot({ path: join(SCREENSHOTS, 'readings-legal-submitted.png'), fullPage: true });

      const job = await eventually(() => received.find((candidate) => candidate.name === 'readings.submitted' && candidate.data.contractNumber === LEGAL.contractNumber), 15_000, 'readings.submitted on backoffice-outbound');
      expect(job.name).toBe('readings.submitted');
      expect(job.data).toMatchObject({ source: 'site', readings: [{ meterId: '7001-cold', factoryNumber: '12223773', water: 'cold', value: '150.500' }] });
      expect(cspViolations).toEqual([]);
    });

    it('shows the back office’s verdict: «Отклонено: reason»', async () => {
      const [{ submission_id: submissionId }] = (await db.query(`select submission_id from meter_reading where meter_id = '7001-cold'`)).rows;
      await inbound.add('reading.processed', { submissionId, meterId: '7001-cold', status: 'rejected', reason: 'Показания не совпадают с контрольными' }, { jobId: 'e2e-processed-1' });
      await eventually(async () => (await readingsOf(LEGAL.contractNumber))[0].status === 'rejected', 15_000, 'the reading to be rejected');
      await page.reload();
      expect(await row(page, '7001-cold').innerText()).toContain('Отклонено: Показания не совпадают с контрольными');
      await page.screenshot({ path: join(SCREENSHOTS, 'readings-legal-rejected.png'), fullPage: true });
    });
  });

  describe('an individual, without JavaScript', () => {
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      context = await browser.newContext({ locale: 'ru-RU', javaScriptEnabled: false });
      page = await logIn(context, PERSON.login);
    });

    afterAll(async () => context?.close());

    it('has no heat-meter notice, and asks on a confirmation page where «Отмена» registers nothing', async () => {
      const main = await page.locator('main').innerText();
      expect(main).toContain(MESSAGES.check);
      expect(main).not.toContain(MESSAGES.heat);
      await fill(page, { '8999-cold': '12.3' });
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Передать показания' }).click()]);
      await page.getByRole('heading', { name: 'Подтверждение передачи показаний' }).waitFor();
      expect(await page.locator('main').innerText()).toContain('Вы указали показания только по одному счётчику из 2');
      await page.screenshot({ path: join(SCREENSHOTS, 'readings-nojs-confirm.png'), fullPage: true });
      await Promise.all([page.waitForURL('**/cabinet/readings?cancelled=1'), page.getByRole('link', { name: 'Отмена' }).click()]);
      expect(await page.locator('main').innerText()).toContain('Передача показаний отменена, показания не зарегистрированы.');
      expect(await readingsOf(PERSON.contractNumber)).toEqual([]);

      await fill(page, { '8999-cold': '12.3' });
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Передать показания' }).click()]);
      // The confirmation page is already at /cabinet/readings (the answer to the form's POST), so
      // waitForURL would not wait for the page the submission redirects to: its message is awaited.
      await page.getByRole('button', { name: 'Передать' }).click();
      await page.getByText(MESSAGES.inProcessing).waitFor();
      expect(new URL(page.url()).pathname).toBe('/cabinet/readings');
      expect(await page.locator('main').innerText()).toContain(MESSAGES.inProcessing);
      await expect(input(page, '8999-cold').inputValue()).resolves.toBe('00000012.300');
      expect(await readingsOf(PERSON.contractNumber)).toEqual([{ meter_id: '8999-cold', value: '12.300', source: 'site', status: 'pending', rejection_reason: null }]);
      await page.screenshot({ path: join(SCREENSHOTS, 'readings-nojs-submitted.png'), fullPage: true });
    });
  });

  describe('REST API', () => {
    let token: string;
    const api = () => request(web.getHttpServer());

    beforeAll(async () => {
      const res = await api().post('/api/v1/auth/token').send({ login: PERSON.login, password: PASSWORD }).expect(201);
      token = res.body.accessToken;
    });

    it('lists the meters with their current state', async () => {
      const res = await api().get('/api/v1/meters').set('Authorization', `Bearer ${token}`).expect(200);
      expect(res.body).toMatchObject({ contractNumber: PERSON.contractNumber, workingMeters: 2 });
      expect(res.body.meters.find((m: { meterId: string }) => m.meterId === '8999-cold')).toMatchObject({
        water: 'cold',
        state: 'installed',
        acceptsReadings: true,
        currentReading: { value: '12.300', display: '00000012.300', source: 'site', sourceLabel: 'Сайт', status: 'pending', statusLabel: 'В обработке' },
      });
      await api().get('/api/v1/meters').expect(401);
    });

    it("says which meters take readings by the meter's own rules: not a removed one, one without a factory number, or one past its verification", async () => {
      const legal = await api().post('/api/v1/auth/token').send({ login: LEGAL.login, password: PASSWORD }).expect(201);
      const res = await api().get('/api/v1/meters').set('Authorization', `Bearer ${legal.body.accessToken}`).expect(200);
      const accepts = Object.fromEntries(res.body.meters.map((m: { meterId: string; acceptsReadings: boolean }) => [m.meterId, m.acceptsReadings]));
      expect(accepts).toEqual({ '7001-cold': true, '7001-hot': true, '7001-nofn': false, '7001-removed': false, '7001-expired': false });
    });

    it('demands the confirmation flag, refuses bad rows with their codes, and answers a retry with the original result', async () => {
      const one = await api().post('/api/v1/readings').set('Authorization', `Bearer ${token}`).send({ readings: [{ meterId: '8999-hot', value: '5' }] }).expect(422);
      expect(one.headers['content-type']).toContain('application/problem+json');
      expect(one.body.code).toBe('METERING.SINGLE_METER_CONFIRMATION_REQUIRED');

      const bad = await api().post('/api/v1/readings').set('Authorization', `Bearer ${token}`).send({ readings: [{ meterId: '8999-hot', value: '1.2345' }, { meterId: '8999-cold', value: '-1' }] }).expect(422);
      expect(bad.body.code).toBe('METERING.SUBMISSION_REFUSED');
      expect(bad.body.errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
        ['8999-cold', 'METERING.READING_NEGATIVE'],
        ['8999-hot', 'METERING.READING_TOO_MANY_DIGITS'],
      ]);
      expect(bad.body.errors[0].detail).toBe('Показания не могут быть отрицательными.');

      const body = { readings: [{ meterId: '8999-hot', value: '5' }], confirmSingleMeter: true };
      const first = await api().post('/api/v1/readings').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', 'api-e2e-key-1').send(body).expect(201);
      const retry = await api().post('/api/v1/readings').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', 'api-e2e-key-1').send(body).expect(201);
      expect(retry.body).toEqual({ ...first.body, replayed: true });
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect((await readingsOf(PERSON.contractNumber)).map((r) => [r.meter_id, r.source])).toEqual([['8999-cold', 'site'], ['8999-hot', 'api']]);
      await eventually(() => received.filter((job) => job.data.submissionId === first.body.submissionId).length === 1, 15_000, 'one readings.submitted for the API submission');
      expect(received.find((job) => job.data.submissionId === first.body.submissionId)?.data.source).toBe('api');
    });

    it('documents both endpoints in OpenAPI with the error codes', async () => {
      const doc = (await api().get('/api/docs-json').expect(200)).body;
      expect(doc.paths['/api/v1/meters'].get).toBeDefined();
      const post = doc.paths['/api/v1/readings'].post;
      expect(JSON.stringify(post.responses['422'])).toContain('METERING.READING_BELOW_PREVIOUS');
      expect(post.parameters.map((p: { name: string }) => p.name)).toContain('Idempotency-Key');
    });
  });
});
