import { INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { Client } from 'pg';
import { join } from 'node:path';
import request from 'supertest';
import { AppConfig } from '@app/config';
import type { MeterUpserted } from '@app/messaging';
import { Commands } from '@app/persistence';
import { addDays, localDateOf } from '@app/shared-kernel';
import { UpsertMeter } from '@modules/metering';
import { aContract } from '../../src/modules/billing/testing/contract.mother';
import { launchBrowser, recordCspViolations, SCREENSHOTS } from '../helpers/browser';
import { registeredSubscriber } from '../helpers/identity-fixtures';
import { SmtpCapture } from '../helpers/smtp-capture';
import { startWeb, startWorker } from '../helpers/test-app';
import { monthFrom, testClock } from '../helpers/test-clock';
import { testConfig } from '../helpers/test-env';

const PASSWORD = 'Warnings-e2e-password-2026';
const clock = testClock();
const today = localDateOf(clock.now());
const on20th = (offset: number) => `${monthFrom(clock.now(), offset).period}-20`;
const FAR = `${monthFrom(clock.now(), 0).year + 8}-01-01`;
/** The back office's cold-water readings of M−12 … M−1: 100 m³, then 5 m³ a month (155 in M−1). */
const coldValue = (offset: number) => (100 + (12 + offset) * 5).toFixed(3);

const legal = aContract('legal', { name: 'ТОО «Проверка»' });
const person = aContract('individual');
const account = legal.accounts[0].accountNumber;
const COLD = `${legal.contractNumber}-cold`;
const HOT = `${legal.contractNumber}-hot`;
const OLD = `${legal.contractNumber}-old`;
const PERSON_COLD = `${person.contractNumber}-cold`;
const PERSON_HOT = `${person.contractNumber}-hot`;

function meter(meterId: string, contractNumber: string, accountNumber: string, overrides: Partial<MeterUpserted> = {}): MeterUpserted {
  return { meterId, contractNumber, accountNumber, water: 'cold', factoryNumber: '12223773', verificationDate: FAR, state: 'installed', ...overrides };
}

/** `formatLocalDate` in Russian: "2026-12-20" → "20.12.2026". */
const dotted = (date: string) => date.split('-').reverse().join('.');

/**
 * Issue 19, beyond the manual: the warning on an unusual reading (a dialog on the page, a code and
 * confirmUnusual in the API), the notice of a verification date within 30 days (or passed), and the
 * second checkbox of «Редактирование подписки».
 */
describe('readings: the unusual-consumption warning and the verification notice', () => {
  let smtp: SmtpCapture;
  let config: AppConfig;
  let web: NestExpressApplication;
  let worker: INestApplicationContext;
  let browser: Browser;
  let db: Client;
  let login = '';
  let personLogin = '';
  const api = () => request(web.getHttpServer());

  beforeAll(async () => {
    smtp = await new SmtpCapture().start();
    config = await testConfig({ SMTP_URL: smtp.url });
    [web, worker, browser] = await Promise.all([startWeb(config, { clock }), startWorker(config, { clock }), launchBrowser()]);
    login = await registeredSubscriber(web, smtp, config.publicUrl.origin, legal, `warnings-${legal.contractNumber}@example.kz`, PASSWORD);
    personLogin = await registeredSubscriber(web, smtp, config.publicUrl.origin, person, `warnings-${person.contractNumber}@example.kz`, PASSWORD);
    const commands = web.get(Commands);
    for (let offset = -12; offset <= -1; offset += 1) {
      // The legal entity's cold meter: verification ends in 20 days.
      await commands.execute(new UpsertMeter(meter(COLD, legal.contractNumber, account, { verificationDate: addDays(today, 20), lastReading: { value: coldValue(offset), date: on20th(offset), source: 'controller' } })));
      await commands.execute(new UpsertMeter(meter(PERSON_COLD, person.contractNumber, person.contractNumber, { factoryNumber: '77700001', lastReading: { value: coldValue(offset), date: on20th(offset), source: 'controller' } })));
    }
    await commands.execute(new UpsertMeter(meter(HOT, legal.contractNumber, account, { water: 'hot', factoryNumber: '55500011', lastReading: { value: '9.900', date: on20th(-1), source: 'controller' } })));
    await commands.execute(new UpsertMeter(meter(OLD, legal.contractNumber, account, { water: 'hot', factoryNumber: '40400044', verificationDate: addDays(today, -1) })));
    await commands.execute(new UpsertMeter(meter(PERSON_HOT, person.contractNumber, person.contractNumber, { water: 'hot', factoryNumber: '77700002', lastReading: { value: '1', date: on20th(-1), source: 'controller' } })));
    db = new Client({ connectionString: config.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await browser?.close();
    await Promise.all([web?.close(), worker?.close()]);
    await smtp?.stop();
  });

  const readingsOf = async (meterId: string) => (await db.query(`select value::text from meter_reading where meter_id = $1`, [meterId])).rows.map((row) => row.value);

  describe('over the REST API', () => {
    let token = '';
    beforeAll(async () => {
      token = (await api().post('/api/v1/auth/token').send({ login: personLogin, password: PASSWORD }).expect(201)).body.accessToken;
    });

    it('answers METERING.UNUSUAL_CONSUMPTION with the figures, registers nothing, and takes the readings with confirmUnusual', async () => {
      const body = { readings: [{ meterId: PERSON_COLD, value: '185' }, { meterId: PERSON_HOT, value: '2' }] };
      const refused = await api().post('/api/v1/readings').set('Authorization', `Bearer ${token}`).send(body).expect(422);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ code: 'METERING.UNUSUAL_CONSUMPTION', status: 422 });
      expect(refused.body.errors).toEqual([
        {
          code: 'METERING.UNUSUAL_CONSUMPTION_OF_METER',
          field: PERSON_COLD,
          detail: 'Расход по счётчику № 77700001 за месяц составит 30.000 м³, а обычно — 5.000 м³ в месяц. Проверьте показания.',
          details: { field: PERSON_COLD, factoryNumber: '77700001', consumption: '30.000', average: '5.000', ratio: '6.0', months: 11 },
        },
      ]);
      expect(await readingsOf(PERSON_COLD)).toEqual([]);

      // A usual value (3 × 5 m³ exactly) is not asked about.
      await api().post('/api/v1/readings').set('Authorization', `Bearer ${token}`).send({ readings: [{ meterId: PERSON_COLD, value: '170' }, { meterId: PERSON_HOT, value: '2' }] }).expect(201);
      // The unusual one, confirmed, corrects it.
      await api().post('/api/v1/readings').set('Authorization', `Bearer ${token}`).send({ ...body, confirmUnusual: true }).expect(201);
      expect(await readingsOf(PERSON_COLD)).toEqual(['185.000']);
    });

    it('turns the verification reminders off with PUT me/subscription, and leaves them as they are when not sent', async () => {
      const put = (body: object) => api().put('/api/v1/me/subscription').set('Authorization', `Bearer ${token}`).send(body).expect(200);
      expect((await put({ invoiceByEmail: true })).body).toEqual({ invoiceByEmail: true, verificationReminders: true });
      expect((await put({ invoiceByEmail: true, verificationReminders: false })).body).toEqual({ invoiceByEmail: true, verificationReminders: false });
      expect((await put({ invoiceByEmail: false })).body).toEqual({ invoiceByEmail: false, verificationReminders: false });
      const stored = await db.query(`select invoice_by_email, verification_reminders from subscriber_account where login = $1`, [personLogin]);
      expect(stored.rows).toEqual([{ invoice_by_email: false, verification_reminders: false }]);
    });

    it('documents confirmUnusual and the code in the OpenAPI document', async () => {
      const document = (await api().get('/api/docs-json').expect(200)).body;
      expect(document.components.schemas.SubmitReadingsDto.properties.confirmUnusual).toMatchObject({ type: 'boolean', example: false });
      expect(JSON.stringify(document.paths['/api/v1/readings'].post)).toContain('METERING.UNUSUAL_CONSUMPTION');
    });
  });

  describe('in Chromium', () => {
    let context: BrowserContext;
    let page: Page;
    const cspViolations: string[] = [];
    const input = (meterId: string) => page.locator(`tr[data-meter-id="${meterId}"] input.reading-value`);

    beforeAll(async () => {
      context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
      page = await context.newPage();
      recordCspViolations(page, cspViolations);
      await page.goto(`${config.publicUrl.origin}/login`);
      await page.getByLabel('Логин:').fill(login);
      await page.getByLabel('Пароль:').fill(PASSWORD);
      await Promise.all([page.waitForURL(/\/cabinet$/), page.getByRole('button', { name: 'Войти' }).click()]);
      await page.goto(`${config.publicUrl.origin}/cabinet/readings`);
    });

    afterAll(async () => context?.close());

    it('notes a verification that ends within 30 days, and one that has ended', async () => {
      const notices = await page.locator('.verification-notice').allInnerTexts();
      expect(notices).toEqual([
        `Срок поверки счётчика № 12223773 истекает ${dotted(addDays(today, 20))}. После этой даты показания по нему не принимаются: закажите поверку заранее.`,
        `Срок поверки счётчика № 40400044 истёк ${dotted(addDays(today, -1))}: показания по нему не принимаются. Обратитесь в абонентный отдел водоканала.`,
      ]);
    });

    it('asks about an unusual reading: «Отмена» keeps the values in the fields, «Передать» submits them', async () => {
      await input(COLD).fill('185');
      await input(HOT).fill('10.5');
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Передать показания' }).click()]);
      const dialog = page.getByRole('dialog', { name: 'Проверьте показания' });
      await dialog.waitFor({ state: 'visible' });
      expect(await dialog.innerText()).toContain('Расход по счётчику № 12223773 за месяц составит 30.000 м³ — в 6.0 раз больше обычного.');
      expect(await dialog.innerText()).toContain('Проверьте показания. Передать?');
      await expect(page.evaluate('document.activeElement && document.activeElement.id')).resolves.toBe('unusual-cancel');
      await page.screenshot({ path: join(SCREENSHOTS, 'readings-unusual-dialog.png'), fullPage: true });
      // The modal keeps the focus: Tab and Shift+Tab go round its two buttons, never to the page behind.
      const focused = () => page.evaluate('document.activeElement && document.activeElement.id');
      await page.keyboard.press('Tab');
      await expect(focused()).resolves.toBe('unusual-confirm');
      await page.keyboard.press('Shift+Tab');
      await expect(focused()).resolves.toBe('unusual-cancel');
      await page.keyboard.press('Shift+Tab');
      await expect(focused()).resolves.toBe('unusual-confirm');

      await dialog.getByRole('button', { name: 'Отмена' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect(input(COLD).inputValue()).resolves.toBe('185');
      await expect(input(HOT).inputValue()).resolves.toBe('10.5');
      expect(await readingsOf(COLD)).toEqual([]);

      await input(COLD).fill('186');
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Передать показания' }).click()]);
      await dialog.waitFor({ state: 'visible' });
      expect(await dialog.innerText()).toContain('составит 31.000 м³ — в 6.2 раз больше обычного.');
      await Promise.all([page.waitForURL('**/cabinet/readings'), page.waitForLoadState('load'), dialog.getByRole('button', { name: 'Передать' }).click()]);
      await page.getByText('Ваши показания в обработке!').waitFor();
      expect(await readingsOf(COLD)).toEqual(['186.000']);
      expect(await readingsOf(HOT)).toEqual(['10.500']);
      expect(cspViolations).toEqual([]);
    });

    it('keeps the verification reminders on until the second checkbox of «Редактирование подписки» turns them off', async () => {
      const remindersOf = async () => (await db.query(`select verification_reminders from subscriber_account where login = $1`, [login])).rows[0].verification_reminders;
      await page.goto(`${config.publicUrl.origin}/cabinet/subscription`);
      const checkbox = page.getByLabel('Получать напоминания о поверке счётчиков на email');
      await expect(checkbox.isChecked()).resolves.toBe(true);
      expect(await remindersOf()).toBe(true);
      await checkbox.uncheck();
      await Promise.all([page.waitForURL('**/cabinet/subscription'), page.getByRole('button', { name: 'Сохранить' }).click()]);
      await page.getByText('Подписка сохранена.').waitFor();
      await expect(page.getByLabel('Получать напоминания о поверке счётчиков на email').isChecked()).resolves.toBe(false);
      await expect(page.getByLabel('Получать счёт-извещение на email').isChecked()).resolves.toBe(false);
      expect(await remindersOf()).toBe(false);
    });
  });
});
