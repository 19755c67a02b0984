import { INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { AppConfig } from '@app/config';
import type { MeterUpserted } from '@app/messaging';
import { Commands } from '@app/persistence';
import { PublishCharges } from '@modules/billing';
import { UpsertMeter } from '@modules/metering';
import { aContract } from '../../src/modules/billing/testing/contract.mother';
import { launchBrowser, recordCspViolations, SCREENSHOTS } from '../helpers/browser';
import { bytes, readXlsx } from '../helpers/downloads';
import { registeredSubscriber } from '../helpers/identity-fixtures';
import { SmtpCapture } from '../helpers/smtp-capture';
import { startWeb, startWorker } from '../helpers/test-app';
import { Month, monthFrom, testClock } from '../helpers/test-clock';
import { testConfig } from '../helpers/test-env';

const PASSWORD = 'Consumption-e2e-password-2026';
const clock = testClock();
/** M−12 … M−1 and this month, M0. */
const month = (offset: number): Month => monthFrom(clock.now(), offset);
const on20th = (offset: number) => `${month(offset).period}-20`;
const VERIFIED_UNTIL = `${month(0).year + 8}-01-01`;

const legal = aContract('legal', { name: 'ТОО «Расход-Тест»' });
const person = aContract('individual');
const COLD = `${legal.contractNumber}-cold`;
const HOT = `${legal.contractNumber}-hot`;
const PERSON_METER = `${person.contractNumber}-cold`;

/** The cold meter's readings as the back office publishes them: +10.5 m³ a month from 100, none in M−7. */
const coldValue = (offset: number) => (100 + (12 + offset) * 10.5).toFixed(3);

function meter(meterId: string, contractNumber: string, accountNumber: string, overrides: Partial<MeterUpserted> = {}): MeterUpserted {
  return { meterId, contractNumber, accountNumber, water: 'cold', factoryNumber: '12223773', verificationDate: VERIFIED_UNTIL, state: 'installed', ...overrides };
}

/**
 * «История потребления» (issue 19): a meter's monthly consumption from the back office's readings and
 * the cabinet's own, on a page with an SVG chart and a table (Chromium, at 1280 and 360 px), as CSV
 * and XLSX, and in the API. The cold meter has a year of readings with a gap (M−7), a reading the back
 * office corrected (M−2) and this month's reading submitted through the API; the hot meter was
 * replaced in M−2.
 */
describe('consumption history', () => {
  let smtp: SmtpCapture;
  let config: AppConfig;
  let web: NestExpressApplication;
  let worker: INestApplicationContext;
  let browser: Browser;
  let token = '';
  const api = () => request(web.getHttpServer());
  const cspViolations: string[] = [];
  let login = '';

  beforeAll(async () => {
    smtp = await new SmtpCapture().start();
    config = await testConfig({ SMTP_URL: smtp.url });
    [web, worker, browser] = await Promise.all([startWeb(config, { clock }), startWorker(config, { clock }), launchBrowser()]);
    login = await registeredSubscriber(web, smtp, config.publicUrl.origin, legal, `consumption-${legal.contractNumber}@example.kz`, PASSWORD);
    await registeredSubscriber(web, smtp, config.publicUrl.origin, person, `consumption-${person.contractNumber}@example.kz`, PASSWORD);
    const commands = web.get(Commands);
    const account = legal.accounts[0].accountNumber;
    for (let offset = -12; offset <= -1; offset += 1) {
      if (offset === -7) continue;
      // M−2 is first published wrong (200), then corrected for the same day.
      if (offset === -2) await commands.execute(new UpsertMeter(meter(COLD, legal.contractNumber, account, { lastReading: { value: '200', date: on20th(-2), source: 'controller' } })));
      await commands.execute(new UpsertMeter(meter(COLD, legal.contractNumber, account, { lastReading: { value: coldValue(offset), date: on20th(offset), source: 'controller' } })));
    }
    await commands.execute(new UpsertMeter(meter(HOT, legal.contractNumber, account, { water: 'hot', factoryNumber: '30551208', lastReading: { value: '950.120', date: on20th(-3), source: 'controller' } })));
    await commands.execute(new UpsertMeter(meter(HOT, legal.contractNumber, account, { water: 'hot', factoryNumber: '55500011', lastReading: { value: '2.400', date: on20th(-2), source: 'office' } })));
    await commands.execute(new UpsertMeter(meter(HOT, legal.contractNumber, account, { water: 'hot', factoryNumber: '55500011', lastReading: { value: '9.900', date: on20th(-1), source: 'controller' } })));
    await commands.execute(new UpsertMeter(meter(PERSON_METER, person.contractNumber, person.contractNumber, { lastReading: { value: '5', date: on20th(-1), source: 'controller' } })));
    await commands.execute(
      new PublishCharges({
        contractNumber: legal.contractNumber,
        period: month(-1).period,
        lines: [{ ...legal.accounts[0], service: 'water', volume: '10.500', tariff: '197.02', vatRate: '16', amount: '2399.70' }],
      }),
    );
    token = (await api().post('/api/v1/auth/token').send({ login, password: PASSWORD }).expect(201)).body.accessToken;
    // This month's reading of the cold meter, from the cabinet (pending).
    await api().post('/api/v1/readings').set('Authorization', `Bearer ${token}`).send({ readings: [{ meterId: COLD, value: '227.845' }], confirmSingleMeter: true }).expect(201);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([web?.close(), worker?.close()]);
    await smtp?.stop();
  });

  describe('the page, in Chromium', () => {
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
      page = await context.newPage();
      recordCspViolations(page, cspViolations);
      await page.goto(`${config.publicUrl.origin}/login`);
      await page.getByLabel('Логин:').fill(login);
      await page.getByLabel('Пароль:').fill(PASSWORD);
      await Promise.all([page.waitForURL(/\/cabinet$/), page.getByRole('button', { name: 'Войти' }).click()]);
    });

    afterAll(async () => context?.close());

    it('is linked from «Показания приборов учёта» for each meter', async () => {
      await page.getByRole('link', { name: 'Показания приборов учёта' }).click();
      await page.waitForURL(/\/cabinet\/readings$/);
      await expect(page.getByRole('link', { name: /^История потребления/ }).count()).resolves.toBe(2);
      await Promise.all([page.waitForURL(/\/consumption$/), page.getByRole('link', { name: 'История потребления: Хол, завод № 12223773', exact: true }).click()]);
      expect(new URL(page.url()).pathname).toBe(`/cabinet/readings/${COLD}/consumption`);
      await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('История потребления: Хол, завод № 12223773');
    });

    it('shows the months in a table: the gap, the month after it, the correction and this month’s own reading', async () => {
      const rows = await page.locator('table.consumption-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => (cell as unknown as { innerText: string }).innerText.trim())));
      expect(rows).toHaveLength(13);
      expect(rows[0]).toEqual([month(-12).label, on20th(-12), '00000100.000', 'Контролёр', '-', 'нет показаний за предыдущий месяц']);
      expect(rows[1]).toEqual([month(-11).label, on20th(-11), '00000110.500', 'Контролёр', '10.500', '-']);
      expect(rows[5]).toEqual([month(-7).label, '-', '-', '-', '-', 'нет показаний']);
      expect(rows[6]).toEqual([month(-6).label, on20th(-6), '00000163.000', 'Контролёр', '-', 'нет показаний за предыдущий месяц']);
      expect(rows[10]).toEqual([month(-2).label, on20th(-2), '00000205.000', 'Контролёр', '10.500', '-']);
      expect(rows[12]).toEqual([month(0).label, expect.stringMatching(new RegExp(`^${month(0).period}-\\d{2}$`)), '00000227.845', 'Сайт', '12.345', '-'].map((cell, i) => (i === 3 ? 'API' : cell)));
      await expect(page.locator('table.consumption-table tfoot').innerText()).resolves.toMatch(/Итого\s+106\.845/);
      await expect(page.locator('.consumption-summary').innerText()).resolves.toBe('Всего за 10 мес.: 106.845 м³; в среднем 10.685 м³ в месяц.');
    });

    it('draws the chart as accessible SVG: role img, a title and a description with the same figures', async () => {
      const svg = page.locator('svg.consumption-chart');
      await expect(svg.getAttribute('role')).resolves.toBe('img');
      await expect(svg.getAttribute('viewBox')).resolves.toBe('0 0 800 400');
      await expect(svg.getAttribute('width')).resolves.toBe('100%');
      const [titleId, descId] = (await svg.getAttribute('aria-labelledby'))!.split(' ');
      await expect(svg.locator(`title#${titleId}`).textContent()).resolves.toBe('Расход воды по месяцам, м³: Хол, завод № 12223773');
      const desc = await svg.locator(`desc#${descId}`).textContent();
      expect(desc).toBe(
        `Столбчатая диаграмма расхода воды за ${month(-12).label} — ${month(0).label}. Месяцев с расходом: 10; всего 106.845 м³, в среднем 10.685 м³ в месяц; больше всего 12.345 м³ (${month(0).label}). ` +
          `Без расхода: ${month(-12).label}, ${month(-7).label}, ${month(-6).label}. Те же числа — в таблице под диаграммой.`,
      );
      await expect(svg.locator('.chart-bars rect').count()).resolves.toBe(10);
      await expect(svg.locator('.chart-gaps text').count()).resolves.toBe(3);
      await expect(svg.locator('.chart-bars g title').last().textContent()).resolves.toBe(`${month(0).label}: 12.345 м³`);
      await expect(page.getByRole('img', { name: 'Расход воды по месяцам, м³: Хол, завод № 12223773' }).count()).resolves.toBe(1);
      const box = (await svg.boundingBox())!;
      expect(box.width).toBeGreaterThan(700);
      await page.screenshot({ path: join(SCREENSHOTS, 'consumption-1280.png'), fullPage: true });
    });

    it('fits a 360 px screen: the chart scales to the width, the page does not scroll sideways', async () => {
      await page.setViewportSize({ width: 360, height: 740 });
      await page.reload();
      const box = (await page.locator('svg.consumption-chart').boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(360);
      expect(box.width).toBeGreaterThan(250);
      await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(360);
      // Every third month is named; the texts are large enough to read (at least 9 px on screen).
      await expect(page.locator('svg.consumption-chart .chart-month:visible').count()).resolves.toBe(5);
      const fontPx = await page.locator('svg.consumption-chart .chart-month:visible').first().evaluate((text) => (text as unknown as { getBoundingClientRect(): { height: number } }).getBoundingClientRect().height);
      expect(fontPx).toBeGreaterThanOrEqual(9);
      await page.screenshot({ path: join(SCREENSHOTS, 'consumption-360.png'), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    it('downloads the history as CSV and as XLSX («Скачать CSV», «Скачать Excel»)', async () => {
      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Скачать CSV' }).click()]);
      expect(csv.suggestedFilename()).toBe(`consumption-${COLD}-${month(0).period}.csv`);
      const text = readFileSync((await csv.path())!);
      expect([...text.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = text.toString('utf8').slice(1).split('\r\n');
      expect(lines[0]).toBe('Месяц;Дата показаний;Показания, м³;Источник;Расход, м³;Примечание');
      expect(lines[2]).toBe(`${month(-11).label};${on20th(-11)};110,500;Контролёр;10,500;`);
      expect(lines[6]).toBe(`${month(-7).label};;;;;нет показаний`);
      expect(lines[14]).toBe('Итого;;;;106,845;');
      expect(lines).toHaveLength(16);

      const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Скачать Excel' }).click()]);
      expect(xlsx.suggestedFilename()).toBe(`consumption-${COLD}-${month(0).period}.xlsx`);
      const sheet = (await readXlsx(readFileSync((await xlsx.path())!))).getWorksheet('История потребления')!;
      expect(sheet.getCell('A1').value).toBe('История потребления: Хол, завод № 12223773');
      expect(sheet.getRow(5).values).toEqual([undefined, 'Месяц', 'Дата показаний', 'Показания, м³', 'Источник', 'Расход, м³', 'Примечание']);
      expect(sheet.getRow(7).values).toEqual([undefined, month(-11).label, new Date(`${on20th(-11)}T00:00:00Z`), 110.5, 'Контролёр', 10.5]);
      expect(sheet.getCell('E7').numFmt).toBe('#,##0.000');
      expect(sheet.getCell('E19').value).toBe(106.845);
    });

    it('offers the breakdown of charges as CSV and XLSX too', async () => {
      await page.goto(`${config.publicUrl.origin}/cabinet/charges`);
      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Скачать CSV' }).click()]);
      expect(csv.suggestedFilename()).toBe(`charges-${legal.contractNumber}-${month(-1).period}.csv`);
      const lines = readFileSync((await csv.path())!).toString('utf8').slice(1).split('\r\n');
      expect(lines[1]).toBe(`1;${legal.accounts[0].accountNumber};${legal.accounts[0].recipient};3;в;10,500;197,02;16;2399,70`);
      const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Скачать Excel' }).click()]);
      const sheet = (await readXlsx(readFileSync((await xlsx.path())!))).worksheets[0];
      expect(sheet.getCell('I6').value).toBe(2399.7);
      expect(cspViolations).toEqual([]);
    });
  });

  describe('the API', () => {
    const auth = () => ({ Authorization: `Bearer ${token}` });

    it('gives the same history as JSON, decimals as exact strings', async () => {
      const res = await api().get(`/api/v1/meters/${COLD}/consumption`).set(auth()).expect(200);
      expect(res.body).toMatchObject({ meterId: COLD, water: 'cold', factoryNumber: '12223773', from: month(-12).period, to: month(0).period, total: '106.845', countedMonths: 10, average: '10.685' });
      expect(res.body.months).toHaveLength(13);
      expect(res.body.months[5]).toEqual({ period: month(-7).period, reading: null, consumption: null, noConsumption: 'no-reading' });
      expect(res.body.months[10]).toEqual({
        period: month(-2).period,
        reading: { value: '205.000', date: on20th(-2), source: 'controller', sourceLabel: 'Контролёр', origin: 'back-office' },
        consumption: '10.500',
        noConsumption: null,
      });
      expect(res.body.months[12]).toMatchObject({ reading: { value: '227.845', source: 'api', origin: 'cabinet' }, consumption: '12.345' });
    });

    it('starts again after the meter was replaced', async () => {
      const res = await api().get(`/api/v1/meters/${HOT}/consumption`).set(auth()).expect(200);
      expect(res.body.months.map((m: { period: string; consumption: string | null; noConsumption: string | null }) => [m.period, m.consumption, m.noConsumption])).toEqual([
        [month(-3).period, null, 'no-previous'],
        [month(-2).period, null, 'replaced'],
        [month(-1).period, '7.500', null],
        [month(0).period, null, 'no-reading'],
      ]);
    });

    it('exports CSV and XLSX by ?format= or Accept, and the chart as SVG', async () => {
      const csv = await api().get(`/api/v1/meters/${HOT}/consumption?format=csv`).set(auth()).buffer(true).parse(bytes).expect(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect((csv.body as Buffer).toString('utf8')).toBe(
        `\ufeffМесяц;Дата показаний;Показания, м³;Источник;Расход, м³;Примечание\r\n${month(-3).label};${on20th(-3)};950,120;Контролёр;;нет показаний за предыдущий месяц\r\n` +
          `${month(-2).label};${on20th(-2)};2,400;Абонентный отдел;;прибор учёта заменён\r\n${month(-1).label};${on20th(-1)};9,900;Контролёр;7,500;\r\n${month(0).label};;;;;нет показаний\r\nИтого;;;;7,500;\r\n`,
      );
      const kazakh = await api().get(`/api/v1/meters/${HOT}/consumption?format=csv`).set(auth()).set('Accept-Language', 'kk').buffer(true).parse(bytes).expect(200);
      expect((kazakh.body as Buffer).toString('utf8').split('\r\n')[0]).toBe('\ufeffАй;Көрсеткіштер күні;Көрсеткіштер, м³;Көзі;Тұтыну, м³;Ескертпе');
      const xlsx = await api().get(`/api/v1/meters/${HOT}/consumption`).set(auth()).set('Accept', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').buffer(true).parse(bytes).expect(200);
      expect((await readXlsx(xlsx.body as Buffer)).worksheets[0].getCell('E8').value).toBe(7.5);
      const svg = await api().get(`/api/v1/meters/${COLD}/consumption?format=svg`).set(auth()).buffer(true).parse(bytes).expect(200);
      expect(svg.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
      const markup = (svg.body as Buffer).toString('utf8');
      expect(markup).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* role="img"/);
      expect(markup).toContain('<title id="consumption-chart-title">Расход воды по месяцам, м³: Хол, завод № 12223773</title>');
      expect((await api().get(`/api/v1/meters/${COLD}/consumption?format=pdf`).set(auth()).expect(400)).body.code).toBe('DOCUMENTS.UNSUPPORTED_FORMAT');
    });

    it("answers 404 for another contract's meter and 401 without a token", async () => {
      const other = await api().get(`/api/v1/meters/${PERSON_METER}/consumption`).set(auth()).expect(404);
      expect(other.headers['content-type']).toContain('application/problem+json');
      expect(other.body).toMatchObject({ code: 'METERING.METER_NOT_FOUND', status: 404 });
      await api().get(`/api/v1/meters/${COLD}/consumption`).expect(401);
      const doc = (await api().get('/api/docs-json').expect(200)).body;
      expect(Object.keys(doc.paths['/api/v1/meters/{meterId}/consumption'].get.responses['200'].content)).toEqual(['application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'image/svg+xml']);
    });
  });
});
