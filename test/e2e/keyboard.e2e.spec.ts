import { INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { Client } from 'pg';
import { AppConfig } from '@app/config';
import { launchBrowser } from '../helpers/browser';
import { cabinetWithEverything, focusedElement, focusIsOn } from '../helpers/reach-fixtures';
import { SmtpCapture } from '../helpers/smtp-capture';
import { startWeb, startWorker } from '../helpers/test-app';
import { monthFrom, testClock } from '../helpers/test-clock';
import { testConfig } from '../helpers/test-env';

const PASSWORD = 'Пернетақта-2026-құпия';

/**
 * Keyboard only (issue 18): every form is filled and sent with Tab, Enter, Space and Escape, the
 * single-meter dialog keeps the focus and gives it back to the button that opened it, and whatever has
 * the focus shows a visible ring (a :focus-visible outline).
 */
describe('the cabinet with the keyboard only', () => {
  let smtp: SmtpCapture;
  let config: AppConfig;
  let web: NestExpressApplication;
  let worker: INestApplicationContext;
  let browser: Browser;
  let db: Client;
  const clock = testClock();
  const previous = monthFrom(clock.now(), -1);
  const origin = () => config.publicUrl.origin;

  beforeAll(async () => {
    smtp = await new SmtpCapture().start();
    config = await testConfig({ SMTP_URL: smtp.url });
    [web, worker, browser] = await Promise.all([startWeb(config, { clock }), startWorker(config, { clock }), launchBrowser()]);
    db = new Client({ connectionString: config.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await browser?.close();
    await Promise.all([web?.close(), worker?.close()]);
    await smtp?.stop();
  });

  const focused = focusedElement;

  /** Presses Tab (or Shift+Tab) until the element `selector` has the focus; every stop on the way shows its focus. */
  async function tabTo(page: Page, selector: string, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
    for (let presses = 0; presses < 60; presses += 1) {
      await page.keyboard.press(key);
      const now = await focused(page);
      expect({ focused: now.id || now.tag, outline: now.outline !== 'none' && now.outlineWidth >= 2 }).toEqual({ focused: now.id || now.tag, outline: true });
      if (await focusIsOn(page, selector)) return;
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  async function logIn(context: BrowserContext, login: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${origin()}/login`);
    await tabTo(page, '#login-login');
    await page.keyboard.type(login);
    await tabTo(page, '#login-password');
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL(/\/cabinet$/), page.keyboard.press('Enter')]);
    return page;
  }

  const readingsOf = async (contractNumber: string) =>
    (await db.query(`select meter_id, value::text from meter_reading where contract_number = $1 and source = 'site' order by meter_id`, [contractNumber])).rows;

  it('logs in, opens the phone menu, sends two readings and changes the subscription without a mouse', async () => {
    const cabinet = await cabinetWithEverything(web, smtp, origin(), previous, PASSWORD);
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 360, height: 740 } });
    const page = await logIn(context, cabinet.login);

    // The menu behind its button: Space opens it, Enter follows a link.
    await expect(page.locator('#cabinet-menu-list').isVisible()).resolves.toBe(false);
    await tabTo(page, '#menu-toggle');
    await page.keyboard.press('Space');
    await expect(page.locator('#cabinet-menu-list').isVisible()).resolves.toBe(true);
    await tabTo(page, 'nav.cabinet-menu a[href="/cabinet/readings"]');
    await Promise.all([page.waitForURL(/\/cabinet\/readings$/), page.keyboard.press('Enter')]);

    await tabTo(page, 'input.reading-value');
    await page.keyboard.type('150.5');
    await tabTo(page, 'tr:nth-child(2) input.reading-value');
    await page.keyboard.type('160');
    await tabTo(page, '#submit-readings');
    await Promise.all([page.waitForLoadState('load'), page.waitForURL(/\/cabinet\/readings/), page.keyboard.press('Space')]);
    await page.getByText('Ваши показания в обработке!').waitFor();
    expect(await readingsOf(cabinet.contract.contractNumber)).toEqual([
      { meter_id: `M-${cabinet.contract.contractNumber}-cold`, value: '150.500' },
      { meter_id: `M-${cabinet.contract.contractNumber}-hot`, value: '160.000' },
    ]);

    await page.goto(`${origin()}/cabinet/subscription`);
    await expect(page.locator('#subscription-invoice').isChecked()).resolves.toBe(false);
    await tabTo(page, '#subscription-invoice');
    await page.keyboard.press('Space');
    await tabTo(page, 'main form button[type=submit]');
    // The page the form's POST redirects to says it saved; no navigation of the test's own may race
    // that redirect (a goto here was interrupted by it under load).
    await page.keyboard.press('Enter');
    await page.getByText('Подписка сохранена.').waitFor();
    await expect(page.locator('#subscription-invoice').isChecked()).resolves.toBe(true);
    await context.close();
  });

  it('keeps the focus in the single-meter dialog, gives it back to its opener on Escape, and sends from it with Space', async () => {
    const cabinet = await cabinetWithEverything(web, smtp, origin(), previous, PASSWORD);
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
    const page = await logIn(context, cabinet.login);
    await page.goto(`${origin()}/cabinet/readings`);
    await tabTo(page, 'input.reading-value');
    await page.keyboard.type('120');
    await tabTo(page, '#submit-readings');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Подтверждение передачи показаний' });
    await dialog.waitFor();
    await expect(focused(page)).resolves.toMatchObject({ id: 'single-meter-cancel' });

    // Round and round its two buttons, both ways, never outside.
    const stops: string[] = [];
    for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      const now = await focused(page);
      expect(now.outline).not.toBe('none');
      stops.push(now.id);
    }
    expect(stops).toEqual(['single-meter-confirm', 'single-meter-cancel', 'single-meter-confirm', 'single-meter-cancel', 'single-meter-confirm', 'single-meter-cancel']);

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect(focused(page)).resolves.toMatchObject({ id: 'submit-readings' });
    expect(await readingsOf(cabinet.contract.contractNumber)).toEqual([]);

    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Shift+Tab');
    await expect(focused(page)).resolves.toMatchObject({ id: 'single-meter-confirm' });
    await Promise.all([page.waitForLoadState('load'), page.waitForURL(/\/cabinet\/readings/), page.keyboard.press('Space')]);
    await page.getByText('Ваши показания в обработке!').waitFor();
    expect(await readingsOf(cabinet.contract.contractNumber)).toEqual([{ meter_id: `M-${cabinet.contract.contractNumber}-cold`, value: '120.000' }]);
    await context.close();
  });
});
