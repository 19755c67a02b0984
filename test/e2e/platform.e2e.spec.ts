import { INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Browser, ConsoleMessage, Page } from 'playwright-core';
import { join } from 'node:path';
import { AppConfig } from '@app/config';
import { Notifier } from '@app/notifications';
import { UnitOfWork } from '@app/persistence';
import { StaffAccounts } from '@modules/staff';
import { launchBrowser, recordCspViolations, SCREENSHOTS } from '../helpers/browser';
import { eventually, startWeb, startWorker } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';

const STAFF_PASSWORD = 'Вечерний-обход-насосной-7';

describe('the cabinet in Chromium', () => {
  let config: AppConfig;
  let web: NestExpressApplication;
  let worker: INestApplicationContext;
  let browser: Browser;
  let page: Page;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    config = await testConfig();
    [web, worker, browser] = await Promise.all([startWeb(config), startWorker(config), launchBrowser()]);
    page = await browser.newPage({ locale: 'ru-RU' });
    recordCspViolations(page, cspViolations);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([web?.close(), worker?.close()]);
  });

  it('opens the login page of the manual (Рисунок 1)', async () => {
    // What the browser could not load, the icon it asks for by itself included (reported on the console).
    const failed: string[] = [];
    const recordFailure = (message: ConsoleMessage) => {
      if (message.type() === 'error') failed.push(`${message.text()} ${message.location().url}`);
    };
    page.on('console', recordFailure);
    await page.goto(`${config.publicUrl.origin}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await expect(page.locator('main').innerText()).resolves.toContain('Пожалуйста, авторизуйтесь:');
    for (const label of ['Логин:', 'Пароль:', 'Запомнить меня на этом компьютере']) {
      await expect(page.getByLabel(label).count()).resolves.toBe(1);
    }
    await expect(page.getByRole('link', { name: 'Забыли свой пароль?' }).count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: 'Зарегистрироваться' }).count()).resolves.toBe(1);
    await expect(page.locator('main').innerText()).resolves.toContain('Если вы впервые на сайте, заполните, пожалуйста, регистрационную форму.');
    // The stylesheet applied (no CSP violation, no missing asset).
    const background = await page.locator('header.site-header').evaluate((el) => (globalThis as unknown as { getComputedStyle(element: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor);
    expect(background).toBe('rgb(21, 101, 192)');
    await page.screenshot({ path: join(SCREENSHOTS, 'platform-login.png'), fullPage: true });
    expect(cspViolations).toEqual([]);
    await page.waitForLoadState('networkidle');
    page.off('console', recordFailure);
    expect(failed).toEqual([]);
  });

  it('shows a sent e-mail in the development mailbox, with its link clickable', async () => {
    await worker.get(UnitOfWork).run(() =>
      worker.get(Notifier).email({ to: 'new.user@example.kz', template: 'notifications/emails/test', params: { name: 'Абонент', link: `${config.publicUrl.origin}/login` } }),
    );
    await page.goto(`${config.publicUrl.origin}/dev/mailbox`);
    for (let i = 0; i < 100 && !(await page.locator('body').innerText()).includes('new.user@example.kz'); i += 1) {
      await page.waitForTimeout(200);
      await page.reload();
    }
    await page.getByRole('link', { name: 'Проверка почты' }).click();
    await expect(page.locator('pre.mail-text').innerText()).resolves.toContain('Здравствуйте, Абонент!');
    const frame = page.frameLocator('iframe.mail-html');
    await expect(frame.locator('body').innerText()).resolves.toContain('Сообщение сгенерировано автоматически.');
    await page.screenshot({ path: join(SCREENSHOTS, 'platform-dev-mailbox.png'), fullPage: true });
    await page.locator('ul.mail-links').getByRole('link', { name: `${config.publicUrl.origin}/login` }).click();
    await page.waitForURL(`${config.publicUrl.origin}/login`);
    expect(cspViolations).toEqual([]);
  });

  /** Signs a staff member in, in a browser context of their own, and opens the dashboard's e-mail queue at `path`. */
  async function staffPage(login: string, path: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'ru-RU' });
    const staff = await context.newPage();
    await staff.goto(`${config.publicUrl.origin}${path}`);
    expect(new URL(staff.url()).pathname).toBe('/admin/login');
    await staff.getByLabel('Логин:').fill(login);
    await staff.getByLabel('Пароль:').fill(STAFF_PASSWORD);
    await Promise.all([
      staff.waitForURL((url) => url.pathname.startsWith('/admin/queues'), { waitUntil: 'commit' }),
      staff.getByRole('button', { name: 'Войти' }).click(),
    ]);
    return staff;
  }

  it('lets staff log in and see the queue dashboard', async () => {
    await web.get(StaffAccounts).upsert('watcher', STAFF_PASSWORD, 'viewer');
    const staff = await staffPage('watcher', '/admin/queues');
    await staff.getByText('backoffice-inbound').first().waitFor({ timeout: 15_000 });
    await staff.screenshot({ path: join(SCREENSHOTS, 'platform-bull-board.png'), fullPage: true });
    await staff.context().close();
  });

  it('shows a viewer a failed job without actions, and lets an operator retry it from the board', async () => {
    await web.get(StaffAccounts).upsert('watcher', STAFF_PASSWORD, 'viewer');
    await web.get(StaffAccounts).upsert('operator', STAFF_PASSWORD, 'operator');
    const queue = web.get<Queue>(getQueueToken('email'), { strict: false });
    // An e-mail job without a message id can never succeed: the worker fails it at once.
    const job = await queue.add('not-an-email', {}, { attempts: 1 });
    await eventually(async () => (await queue.getJobState(job.id!)) === 'failed', 20_000, 'the job to fail');
    const jobPath = `/admin/queues/queue/email/${job.id}`;

    const viewer = await staffPage('watcher', jobPath);
    await viewer.getByText('not-an-email').first().waitFor({ timeout: 15_000 });
    await viewer.getByText('mail_message undefined does not exist').first().waitFor();
    const viewerButtons = await viewer.getByRole('button').count();
    await viewer.context().close();

    const operator = await staffPage('operator', jobPath);
    await operator.getByText('not-an-email').first().waitFor({ timeout: 15_000 });
    await operator.getByText('mail_message undefined does not exist').first().waitFor();
    // The operator's job card has its actions (retry first), the viewer's none.
    expect(await operator.getByRole('button').count()).toBeGreaterThan(viewerButtons);
    const card = operator.locator('div').filter({ has: operator.getByText('not-an-email', { exact: true }) }).filter({ has: operator.locator('button') }).last();
    const retried = operator.waitForResponse((res) => res.request().method() === 'PUT' && res.url().endsWith(`/email/${job.id}/retry`));
    await card.getByRole('button').first().click();
    await operator.getByRole('button', { name: 'Подтвердить' }).click();
    expect((await retried).status()).toBe(204);
    await eventually(async () => ((await queue.getJob(job.id!))?.attemptsStarted ?? 0) > 1 || (await queue.getJobState(job.id!)) !== 'failed', 20_000, 'the retry');
    await operator.context().close();
  });
});
