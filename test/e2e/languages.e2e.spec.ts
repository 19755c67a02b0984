import { INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import request from 'supertest';
import { AppConfig } from '@app/config';
import type { ContractUpserted } from '@app/messaging';
import { Commands } from '@app/persistence';
import { Messages } from '@app/web';
import { OpenBalance, PublishCharges } from '@modules/billing';
import { RegisterSubscriber } from '@modules/identity';
import { UpsertMeter } from '@modules/metering';
import { aContract } from '../../src/modules/billing/testing/contract.mother';
import { launchBrowser, recordCspViolations, SCREENSHOTS } from '../helpers/browser';
import { linkIn, mailTo, seedContract } from '../helpers/identity-fixtures';
import { pdfText } from '../helpers/pdf-text';
import { SmtpCapture } from '../helpers/smtp-capture';
import { startWeb, startWorker } from '../helpers/test-app';
import { monthFrom, testClock } from '../helpers/test-clock';
import { testConfig } from '../helpers/test-env';

const PASSWORD = 'Тілдер-құпиясөзі-2026';
const MONTHS = {
  kk: ['Қаңтар', 'Ақпан', 'Наурыз', 'Сәуір', 'Мамыр', 'Маусым', 'Шілде', 'Тамыз', 'Қыркүйек', 'Қазан', 'Қараша', 'Желтоқсан'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};
/** «Расшифровка начислений» (the downloaded file's name) in each language. */
const BREAKDOWN = { kk: 'Есептелген төлемдердің толық жазбасы', en: 'Charges breakdown' };
/** A catalogue key as a page would show it if its text were missing (`identity.login.title`), or a placeholder left unfilled. */
const RAW_KEY = /\b(?:web|identity|metering|billing|notifications|documents|errors)\.[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*|\{\w+\}/;
const CYRILLIC = /[\u0400-\u04FF]/;

/**
 * The cabinet in Kazakh and English (issue 18), in Chromium: the first page in the browser's language,
 * the switch «Рус / Қаз / Eng» on every page (without JavaScript too), kept through the login into the
 * account, so that e-mails and e-mailed PDFs, made by the worker, are in the subscriber's language; every
 * page in both languages without a raw key or a Russian leftover; and the REST API's problems in the
 * Accept-Language language with their stable codes. Screenshots of the pages at 1280 px in each language
 * go to tmp/screenshots/lang-<locale>-*.png.
 */
describe('languages in Chromium', () => {
  let smtp: SmtpCapture;
  let config: AppConfig;
  let web: NestExpressApplication;
  let worker: INestApplicationContext;
  let browser: Browser;
  let messages: Messages;
  const cspViolations: string[] = [];
  const clock = testClock();
  const previous = monthFrom(clock.now(), -1);

  /** Latin data, so that an English page holds no Cyrillic but its switch's «Рус» and «Қаз». */
  const walker = aContract('legal', {
    name: 'Aqsu Trading LLP',
    address: 'Pavlodar, 1 Lenin Street',
  });
  walker.accounts = walker.accounts.map((account, index) => ({ ...account, recipient: index === 0 ? 'Office' : 'Warehouse' }));
  const kazakh = aContract('legal', { name: 'ЖШС «Ертіс Су»' });

  async function subscriber(contract: ContractUpserted, email: string): Promise<string> {
    await seedContract(web, contract);
    const commands = web.get(Commands);
    await commands.execute(
      new RegisterSubscriber({ subscriberType: 'legal', name: contract.name, email, password: PASSWORD, passwordConfirmation: PASSWORD, iinBin: contract.iinBin, number: contract.contractNumber, invoiceByEmail: false }),
    );
    const confirmation = await mailTo(smtp, email, 'Подтверждение регистрации');
    const link = new URL(linkIn(confirmation, '/register/confirm'));
    await request(config.publicUrl.origin).get(`${link.pathname}${link.search}`).expect((res) => expect(res.status).toBeLessThan(400));
    const account = contract.accounts[0].accountNumber;
    await commands.execute(
      new PublishCharges({
        contractNumber: contract.contractNumber,
        period: previous.period,
        lines: [
          { ...contract.accounts[0], service: 'water', volume: '15.310', tariff: '197.02', vatRate: '16', amount: '3499.00' },
          { ...contract.accounts[0], service: 'sewerage', volume: '15.310', tariff: '204.5', vatRate: '16', amount: '6636.01' },
        ],
      }),
    );
    await commands.execute(new OpenBalance({ contractNumber: contract.contractNumber, date: `${previous.period}-01`, amount: '0' }));
    await commands.execute(
      new UpsertMeter({ meterId: `M-${contract.contractNumber}`, contractNumber: contract.contractNumber, accountNumber: account, water: 'cold', factoryNumber: '12223773', verificationDate: `${previous.year + 9}-01-01`, state: 'installed', lastReading: { value: '100', date: `${previous.period}-20`, source: 'controller' } }),
    );
    return `vk${contract.contractNumber}`;
  }

  beforeAll(async () => {
    smtp = await new SmtpCapture().start();
    config = await testConfig({ SMTP_URL: smtp.url });
    [web, worker, browser] = await Promise.all([startWeb(config, { clock }), startWorker(config, { clock }), launchBrowser()]);
    messages = web.get(Messages);
    await subscriber(walker, `walker-${walker.contractNumber}@example.kz`);
    await subscriber(kazakh, `kazakh-${kazakh.contractNumber}@example.kz`);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([web?.close(), worker?.close()]);
    await smtp?.stop();
  });

  async function newPage(acceptLanguage: string, options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: acceptLanguage, viewport: { width: 1280, height: 900 }, ...options });
    const page = await context.newPage();
    recordCspViolations(page, cspViolations);
    return { context, page };
  }

  const origin = () => config.publicUrl.origin;
  const main = (page: Page) => page.locator('main').innerText();
  const htmlLang = (page: Page) => page.locator('html').getAttribute('lang');
  const switchTo = (page: Page, label: 'Рус' | 'Қаз' | 'Eng') => Promise.all([page.waitForLoadState('load'), page.locator('.language-switch').getByRole('link', { name: label, exact: true }).click()]);

  /** Russian texts of two words or more that the Kazakh catalogue writes otherwise: on a Kazakh page, a forgotten language. */
  function russianOnlyTexts(): string[] {
    return messages.keys('ru').flatMap((key) => {
      const russian = messages.t(key, {}, 'ru');
      return !/\{\w+\}/.test(russian) && russian.trim().split(/\s+/).length >= 2 && russian !== messages.t(key, {}, 'kk') ? [russian] : [];
    });
  }

  /** The page in `locale`: its lang, no raw key or unfilled placeholder, no text of another language; then its screenshot. */
  async function checkPage(page: Page, locale: 'kk' | 'en', name: string): Promise<void> {
    await expect(htmlLang(page)).resolves.toBe(locale);
    const text = `${await page.title()}\n${await page.locator('body').innerText()}`;
    expect({ page: name, rawKey: RAW_KEY.exec(text)?.[0] ?? null }).toEqual({ page: name, rawKey: null });
    if (locale === 'en') {
      const withoutSwitch = await page.locator('body').evaluate((body) => {
        const copy = body.cloneNode(true) as typeof body;
        copy.querySelector('.language-switch')?.remove();
        return (copy as unknown as { textContent: string }).textContent;
      });
      expect({ page: name, cyrillic: withoutSwitch.split('\n').filter((line) => CYRILLIC.test(line)).map((line) => line.trim()) }).toEqual({ page: name, cyrillic: [] });
    } else {
      expect({ page: name, russian: russianOnlyTexts().filter((russian) => text.includes(russian)) }).toEqual({ page: name, russian: [] });
    }
    await page.screenshot({ path: join(SCREENSHOTS, `lang-${locale}-${name}.png`), fullPage: true });
  }

  for (const [locale, acceptLanguage, label] of [['kk', 'kk-KZ', 'Қаз'], ['en', 'en-GB', 'Eng']] as const) {
    it(`shows every page in ${locale === 'kk' ? 'Kazakh' : 'English'}: the first one by Accept-Language, without a raw key or another language's text`, async () => {
      const { context, page } = await newPage(acceptLanguage);
      await page.goto(`${origin()}/login`);
      await checkPage(page, locale, '01-login');
      for (const [path, name] of [
        ['/register?type=individual', '02-register-individual'],
        ['/register?type=legal', '03-register-legal'],
        ['/register/sent', '04-register-sent'],
        ['/register/resend', '05-resend'],
        ['/password/forgot', '06-forgot'],
        ['/password/reset?checkword=x&login=vk1', '07-reset'],
        ['/admin/login', '08-staff-login'],
        ['/no/such/page', '09-not-found'],
      ]) {
        await page.goto(`${origin()}${path}`);
        await checkPage(page, locale, name);
      }
      // A refused form, with its field errors.
      await page.goto(`${origin()}/register?type=legal`);
      await page.locator('#register-legal button[type=submit]').click();
      await page.locator('#register-legal .field-error').first().waitFor();
      await checkPage(page, locale, '10-register-errors');

      // The language chosen with the switch becomes the account's at the login.
      await page.goto(`${origin()}/login`);
      await switchTo(page, label);
      await page.locator('#login-login').fill(`vk${walker.contractNumber}`);
      await page.locator('#login-password').fill(PASSWORD);
      await Promise.all([page.waitForURL(/\/cabinet$/), page.locator('form.login-form button[type=submit]').click()]);
      await checkPage(page, locale, '11-personal');
      for (const [path, name] of [
        ['/cabinet/readings', '12-readings'],
        ['/cabinet/settlements', '13-settlements'],
        [`/cabinet/charges?month=${previous.month}&year=${previous.year}`, '14-charges'],
        ['/cabinet/reconciliation', '15-reconciliation'],
        ['/cabinet/email', '16-email'],
        ['/cabinet/password', '17-password'],
        ['/cabinet/subscription', '18-subscription'],
      ]) {
        await page.goto(`${origin()}${path}`);
        await checkPage(page, locale, name);
      }
      // The month in the language's words, the amount in its digits.
      await page.goto(`${origin()}/cabinet/settlements`);
      await expect(main(page)).resolves.toContain(`${MONTHS[locale][previous.month - 1]} ${previous.year}`);
      await expect(main(page)).resolves.toContain(locale === 'en' ? '10,135.01' : '10\u00a0135.01');

      // A readings form refused, a report's status page, and the password form refused.
      await page.goto(`${origin()}/cabinet/readings`);
      await page.locator('input.reading-value').first().fill('1');
      await page.locator('#submit-readings').click();
      await page.locator('.field-error').first().waitFor();
      await checkPage(page, locale, '19-readings-refused');
      await page.goto(`${origin()}/cabinet/charges?month=${previous.month}&year=${previous.year}`);
      // One click downloads the PDF, named in the language; the e-mailed one shows the status page.
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.locator('form.report-actions button[value=download]').click()]);
      expect(download.suggestedFilename()).toBe(`${BREAKDOWN[locale]} ${previous.period} vk${walker.contractNumber}.pdf`);
      // (A slow report leaves the page for its status page: back to the breakdown.)
      await page.goto(`${origin()}/cabinet/charges?month=${previous.month}&year=${previous.year}`);
      await Promise.all([page.waitForURL(/\/cabinet\/reports\//), page.locator('form.report-actions button[value=email]').click()]);
      await page.locator('a[download]').waitFor({ timeout: 30_000 });
      await checkPage(page, locale, '20-report-ready');
      await page.goto(`${origin()}/cabinet/password`);
      await page.locator('form button[type=submit]').last().click();
      await page.locator('.field-error').first().waitFor();
      await checkPage(page, locale, '21-password-refused');
      await context.close();
    });
  }

  it('switches a Russian visitor to Kazakh on the login page, keeps it through the login and the logout, and uses it in the cabinet', async () => {
    const { context, page } = await newPage('ru-RU');
    await page.goto(`${origin()}/login`);
    await expect(htmlLang(page)).resolves.toBe('ru');
    await expect(main(page)).resolves.toContain('Пожалуйста, авторизуйтесь:');
    await expect(page.locator('.language-switch').innerText()).resolves.toMatch(/Рус\s*\/\s*Қаз\s*\/\s*Eng/);

    await switchTo(page, 'Қаз');
    expect(new URL(page.url()).pathname).toBe('/login');
    await expect(htmlLang(page)).resolves.toBe('kk');
    await expect(page.locator('.language-switch a[aria-current]').innerText()).resolves.toBe('Қаз');
    await page.getByLabel('Логин:').fill(`vk${kazakh.contractNumber}`);
    await page.getByLabel('Құпиясөз:').fill(PASSWORD);
    await Promise.all([page.waitForURL(/\/cabinet$/), page.getByRole('button', { name: 'Кіру' }).click()]);

    await expect(page.locator('header').innerText()).resolves.toContain('Жеке кабинет');
    const menu = await page.locator('nav.cabinet-menu').innerText();
    for (const item of ['Жеке деректер', 'Есептеу құралдарының көрсеткіштері', 'Есептеулердің жай-күйі', 'Есептелген төлемдердің толық жазбасы', 'Есептеулерді салыстыру', 'Шығу']) {
      expect(menu).toContain(item);
    }
    await page.getByRole('link', { name: 'Есептелген төлемдердің толық жазбасы' }).click();
    await page.waitForURL(/\/cabinet\/charges$/);
    const charges = await main(page);
    expect(charges).toContain(`Жыл: ${previous.year} Ай: ${MONTHS.kk[previous.month - 1]}`);
    expect(charges).toContain(`Шарт: №${kazakh.contractNumber} Төлеуші: ЖШС «Ертіс Су»`);
    expect(charges).toMatch(/Барлығы\s+10\u00a0135\.01/);
    await expect(page.getByLabel('Ай').locator('option:checked').innerText()).resolves.toBe(MONTHS.kk[previous.month - 1]);

    await page.getByRole('button', { name: 'Шығу' }).click();
    await page.waitForURL(/\/login/);
    await expect(htmlLang(page)).resolves.toBe('kk');
    await expect(main(page)).resolves.toContain('Сіз жеке кабинеттен шықтыңыз.');
    await context.close();
  });

  it("e-mails the report's PDF (made by the worker) and the password recovery in the subscriber's language, whatever the page's", async () => {
    const email = `kazakh-${kazakh.contractNumber}@example.kz`;
    const { context, page } = await newPage('ru-RU');
    await page.goto(`${origin()}/login`);
    await switchTo(page, 'Қаз');
    await page.getByLabel('Логин:').fill(`vk${kazakh.contractNumber}`);
    await page.getByLabel('Құпиясөз:').fill(PASSWORD);
    await Promise.all([page.waitForURL(/\/cabinet$/), page.getByRole('button', { name: 'Кіру' }).click()]);
    await page.goto(`${origin()}/cabinet/charges?month=${previous.month}&year=${previous.year}`);
    await page.getByRole('button', { name: 'Есепті поштаға жіберу' }).click();
    await page.getByText(`Есеп ${email} мекенжайына жіберілді`).waitFor({ timeout: 30_000 });
    const title = `Есептелген төлемдердің толық жазбасы: ${MONTHS.kk[previous.month - 1].toLowerCase()} ${previous.year}`;
    const mail = await mailTo(smtp, email, title);
    expect(mail.subject).toBe(title);
    expect(mail.text).toContain('Сәлеметсіз бе!');
    const pdf = pdfText(mail.attachments[0].content);
    expect(pdf).toContain(title);
    expect(pdf).toContain(`Жыл: ${previous.year} Ай: ${MONTHS.kk[previous.month - 1]}`);
    expect(pdf).toMatch(/Барлығы\s+10 135\.01/);
    expect(pdf).toContain('Жасалған уақыты:');
    await context.close();

    // Asked for from a Russian page by someone not signed in: the e-mail is still in the subscriber's Kazakh.
    const russian = await newPage('ru-RU');
    await russian.page.goto(`${origin()}/password/forgot`);
    await russian.page.getByLabel('Логин или email:').fill(`vk${kazakh.contractNumber}`);
    await russian.page.getByRole('button', { name: 'Выслать' }).click();
    await expect(main(russian.page)).resolves.toContain('Если учётная запись с такими данными есть');
    const recovery = await mailTo(smtp, email, 'Құпиясөзді өзгертуге арналған бақылау жолы');
    expect(recovery.text).toContain('Сіз тіркеу деректеріңізді сұраттыңыз.');
    expect(recovery.text).toContain(`Логин: vk${kazakh.contractNumber}`);
    expect(recovery.html).toContain('<html lang="kk">');
    await russian.context.close();
    expect(cspViolations).toEqual([]);
  });

  it('switches the language without JavaScript, back to the same page, and goes back only to a page of this site', async () => {
    const { context, page } = await newPage('ru-RU', { javaScriptEnabled: false });
    await page.goto(`${origin()}/register?type=legal`);
    await switchTo(page, 'Eng');
    expect(page.url()).toBe(`${origin()}/register?type=legal`);
    await expect(htmlLang(page)).resolves.toBe('en');
    await expect(main(page)).resolves.toContain('Legal entity');
    await context.close();
    const foreign = await request(origin()).get('/lang/kk?next=//evil.example/').expect(303);
    expect(foreign.headers.location).toBe('/');
    await request(origin()).get('/lang/de?next=/login').expect(404);
  });

  it('answers the REST API in the Accept-Language language, with the same stable codes', async () => {
    const login = `vk${walker.contractNumber}`;
    const refused = (language?: string) => {
      const call = request(origin()).post('/api/v1/auth/token');
      return (language ? call.set('Accept-Language', language) : call).send({ login, password: 'not-the-password' }).expect(401);
    };
    const [kk, en, ru] = [await refused('kk'), await refused('en-US,en;q=0.9'), await refused()];
    expect([kk.body.code, en.body.code, ru.body.code]).toEqual(['IDENTITY.INVALID_CREDENTIALS', 'IDENTITY.INVALID_CREDENTIALS', 'IDENTITY.INVALID_CREDENTIALS']);
    expect(kk.body.title).toBe('Логин немесе құпиясөз қате.');
    expect(kk.headers['content-language']).toBe('kk');
    expect(en.body.title).toBe(messages.t('errors.IDENTITY.INVALID_CREDENTIALS', {}, 'en'));
    expect(ru.body.title).toBe('Неверный логин или пароль.');

    const unauthorized = await request(origin()).get('/api/v1/me').set('Accept-Language', 'kk-KZ').expect(401);
    expect(unauthorized.body).toMatchObject({ code: 'REQUEST.BEARER_REQUIRED', title: 'Жарамды қол жеткізу токені қажет (POST /api/v1/auth/token).' });
    const invalid = await request(origin()).post('/api/v1/password-recovery').set('Accept-Language', 'en').send({ loginOrEmail: 42 }).expect(400);
    expect(invalid.body).toMatchObject({ code: 'REQUEST.INVALID', title: 'The request is not filled in correctly: correct the fields listed.' });
    expect(invalid.body.errors).toContainEqual(expect.objectContaining({ code: 'REQUEST.IS_STRING', field: 'loginOrEmail', detail: 'loginOrEmail must be a string.' }));
    const malformed = await request(origin()).post('/api/v1/auth/token').set('Accept-Language', 'kk').set('Content-Type', 'application/json').send('{"login":').expect(400);
    expect(malformed.body).toMatchObject({ code: 'REQUEST.MALFORMED_JSON', title: 'Сұрау денесі дұрыс JSON емес.' });
    const missing = await request(origin()).get('/api/v1/nothing').set('Accept-Language', 'en').expect(404);
    expect(missing.body.title).toBe('Page not found');
  });
});
