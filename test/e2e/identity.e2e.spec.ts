import { INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import { AppConfig } from '@app/config';
import { aContract } from '../../src/modules/billing/testing/contract.mother';
import { launchBrowser, recordCspViolations, SCREENSHOTS } from '../helpers/browser';
import { linkIn, mailTo, seedContract } from '../helpers/identity-fixtures';
import { SmtpCapture } from '../helpers/smtp-capture';
import { startWeb, startWorker } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';


/**
 * A new subscriber's walk through the manual (Рисунки 1–12) in Chromium, with the e-mails read from a
 * real SMTP server: register → confirm → log in with «Запомнить меня» → change e-mail → change
 * password → log out → recover the password → log in; once as a legal entity, once as an individual.
 */
describe('identity in Chromium', () => {
  let smtp: SmtpCapture;
  let config: AppConfig;
  let web: NestExpressApplication;
  let worker: INestApplicationContext;
  let browser: Browser;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    smtp = await new SmtpCapture().start();
    config = await testConfig({ SMTP_URL: smtp.url });
    [web, worker, browser] = await Promise.all([startWeb(config), startWorker(config), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([web?.close(), worker?.close()]);
    await smtp?.stop();
  });

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    recordCspViolations(page, cspViolations);
    return { context, page };
  }

  const main = (page: Page) => page.locator('main').innerText();
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `identity-${name}.png`), fullPage: true });

  for (const type of ['legal', 'individual'] as const) {
    it(`walks a ${type === 'legal' ? 'legal entity' : 'individual'} from registration to recovery`, async () => {
      const contract = await seedContract(web, aContract(type));
      const number = contract.contractNumber;
      const login = type === 'legal' ? `vk${number}` : number;
      const email = `${type}-${number}@example.kz`;
      const newEmail = `new-${type}-${number}@example.kz`;
      const passwords = ['Первый-пароль-абонента', 'Второй-пароль-абонента', 'Третий-пароль-абонента'];
      const { context, page } = await newPage();

      // Рисунок 1 → «Зарегистрироваться» → Рисунок 2.
      await page.goto(`${config.publicUrl.origin}/`);
      await page.getByRole('link', { name: 'Зарегистрироваться' }).click();
      await page.waitForURL(/\/register/);
      const tab = type === 'legal' ? 'Юридическое лицо' : 'Физическое лицо';
      await page.getByRole('link', { name: tab }).click();
      const form = page.locator(`#register-${type}`);
      await form.waitFor({ state: 'visible' });
      await expect(page.locator(`#register-${type === 'legal' ? 'individual' : 'legal'}`).isVisible()).resolves.toBe(false);
      await form.getByLabel(type === 'legal' ? 'Наименование компании' : 'ФИО').fill(contract.name);
      await form.getByLabel('Email', { exact: true }).fill(email);
      await form.getByLabel('Пароль', { exact: true }).fill(passwords[0]);
      await form.getByLabel('Подтверждение пароля').fill('не тот пароль');
      await form.getByLabel(type === 'legal' ? 'ИИН / БИН' : 'ИИН', { exact: true }).fill(contract.iinBin);
      await form.getByLabel(type === 'legal' ? 'Номер договора' : 'Лицевой счёт').pressSequentially(number, { delay: 20 });
      // The login appears while typing, computed by the server.
      await page.waitForFunction(
        ([selector, expected]) => (globalThis as unknown as { document: { querySelector(s: string): { value: string } | null } }).document.querySelector(selector)?.value === expected,
        [`#${type}-login`, login] as const,
      );
      await form.getByLabel('Получать счёт-извещение на email').check();
      await shot(page, `${type}-01-register-filled`);
      await form.getByRole('button', { name: 'Регистрация' }).click();
      // A bad field gets its message beside it; typed values stay, passwords do not. (Waits for the
      // answer page: read at once, main could still be the one being replaced, as a CI run saw.)
      await page.locator('main', { hasText: 'Пароли не совпадают.' }).waitFor();
      await expect(main(page)).resolves.toContain('Пароли не совпадают.');
      const again = page.locator(`#register-${type}`);
      await expect(again.getByLabel('Email', { exact: true }).inputValue()).resolves.toBe(email);
      await expect(again.getByLabel('Пароль', { exact: true }).inputValue()).resolves.toBe('');
      await expect(page.locator(`#${type}-login`).inputValue()).resolves.toBe(login);
      await shot(page, `${type}-02-register-error`);
      await again.getByLabel('Пароль', { exact: true }).fill(passwords[0]);
      await again.getByLabel('Подтверждение пароля').fill(passwords[0]);
      await again.getByRole('button', { name: 'Регистрация' }).click();
      await expect(main(page)).resolves.toContain('На указанный email придет запрос на подтверждение регистрации.');
      await shot(page, `${type}-03-register-sent`);

      // Not confirmed yet: the login form says why.
      await page.goto(`${config.publicUrl.origin}/login`);
      await page.getByLabel('Логин:').fill(login);
      await page.getByLabel('Пароль:').fill(passwords[0]);
      await page.getByRole('button', { name: 'Войти' }).click();
      await expect(main(page)).resolves.toContain('регистрация ещё не подтверждена');

      // Рисунок 4 → the first link → Рисунок 5.
      const confirmation = await mailTo(smtp, email, 'Подтверждение регистрации');
      expect(confirmation.text).toContain(`Ваш логин: ${login}`);
      expect(confirmation.html).toContain('href=');
      await page.goto(linkIn(confirmation, '/register/confirm'));
      await expect(main(page)).resolves.toContain('Ваша регистрация подтверждена.');
      await shot(page, `${type}-04-confirmed-login`);

      // Log in with «Запомнить меня на этом компьютере»: a persistent cookie for 30 days.
      await page.getByLabel('Логин:').fill(login);
      await page.getByLabel('Пароль:').fill(passwords[0]);
      await page.getByLabel('Запомнить меня на этом компьютере').check();
      await page.getByRole('button', { name: 'Войти' }).click();
      await page.waitForURL(/\/cabinet$/);
      const cookie = (await context.cookies()).find((c) => c.name === 'vk.sid');
      expect(cookie?.expires ?? 0).toBeGreaterThan(Date.now() / 1000 + 29 * 24 * 3600);
      const personal = await main(page);
      for (const value of [contract.name, login, contract.iinBin, contract.address, email, contract.accounts[0].accountNumber]) expect(personal).toContain(value);
      await shot(page, `${type}-05-personal`);

      // «Изменение email» (Рисунки 9–10).
      await page.getByRole('link', { name: 'Изменение email' }).click();
      await page.getByLabel('Новый email').fill(newEmail);
      await page.getByRole('button', { name: 'Изменить email' }).click();
      await expect(main(page)).resolves.toContain(`На адрес ${newEmail} отправлено письмо со ссылкой.`);
      await shot(page, `${type}-06-email-requested`);
      await page.goto(linkIn(await mailTo(smtp, newEmail, 'Подтверждение нового email'), '/cabinet/email/confirm'));
      await expect(main(page)).resolves.toContain(`Email изменён: теперь это ${newEmail}.`);
      expect((await mailTo(smtp, email, 'Email личного кабинета изменён')).text).toContain(newEmail);

      // «Изменение пароля» (Рисунки 11–12).
      await page.getByRole('link', { name: 'Изменение пароля' }).click();
      await page.getByLabel('Текущий пароль').fill(passwords[0]);
      await page.getByLabel('Новый пароль').fill(passwords[1]);
      await page.getByLabel('Повтор нового пароля').fill(passwords[1]);
      await page.getByRole('button', { name: 'Изменить пароль' }).click();
      await expect(main(page)).resolves.toContain('Пароль изменён.');
      await shot(page, `${type}-07-password-changed`);
      await mailTo(smtp, newEmail, 'Пароль изменён');

      // «Выйти».
      await page.getByRole('button', { name: 'Выйти' }).click();
      await page.waitForURL(/\/login/);
      await expect(main(page)).resolves.toContain('Вы вышли из личного кабинета.');
      await page.goto(`${config.publicUrl.origin}/cabinet`);
      await page.waitForURL(/\/login\?next=/);
      await expect(main(page)).resolves.toContain('Войдите, чтобы открыть эту страницу.');

      // «Забыли свой пароль?» (Рисунки 6–8).
      await page.getByRole('link', { name: 'Забыли свой пароль?' }).click();
      await expect(main(page)).resolves.toContain('Выберите, какую информацию использовать для изменения пароля:');
      await page.getByLabel('Логин или email:').fill(type === 'legal' ? login : newEmail);
      await shot(page, `${type}-08-forgot`);
      await page.getByRole('button', { name: 'Выслать' }).click();
      await expect(main(page)).resolves.toContain('Если учётная запись с такими данными есть');
      const recovery = await mailTo(smtp, newEmail, 'Контрольная строка');
      expect(recovery.text).toContain('Вы запросили ваши регистрационные данные.');
      expect(recovery.text).toContain(`Login: ${login}`);
      await page.goto(linkIn(recovery, '/password/reset'));
      await page.getByLabel('ИИН / БИН').fill(contract.iinBin);
      await page.getByLabel('Личный счёт или номер договора').fill(number);
      await expect(page.getByLabel('Логин:').inputValue()).resolves.toBe(login);
      await expect(page.getByLabel('Контрольная строка:').inputValue()).resolves.not.toBe('');
      await page.getByLabel('Новый пароль:').fill(passwords[2]);
      await page.getByLabel('Подтверждение пароля:').fill(passwords[2]);
      await shot(page, `${type}-09-reset-form`);
      await page.getByRole('button', { name: 'Изменить пароль' }).click();
      await expect(main(page)).resolves.toContain('Пароль изменён.');

      // Log in with the new password.
      await page.getByLabel('Логин:').fill(login);
      await page.getByLabel('Пароль:').fill(passwords[2]);
      await page.getByRole('button', { name: 'Войти' }).click();
      await page.waitForURL(/\/cabinet$/);
      await expect(main(page)).resolves.toContain(newEmail);
      await context.close();
      expect(cspViolations).toEqual([]);
    });
  }

  it('switches the registration form without JavaScript through links', async () => {
    const context = await browser.newContext({ locale: 'ru-RU', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${config.publicUrl.origin}/register?type=individual`);
    await expect(page.locator('#register-individual').isVisible()).resolves.toBe(true);
    await expect(page.locator('#register-legal').isVisible()).resolves.toBe(false);
    await page.getByRole('link', { name: 'Юридическое лицо' }).click();
    await page.waitForURL(/type=legal/);
    await expect(page.locator('#register-legal').isVisible()).resolves.toBe(true);
    await expect(page.locator('#register-individual').isVisible()).resolves.toBe(false);
    await context.close();
  });
});
