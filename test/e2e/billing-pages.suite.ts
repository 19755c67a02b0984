import { INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { AppConfig } from '@app/config';
import type { ChargesPublished, ContractUpserted } from '@app/messaging';
import { Commands } from '@app/persistence';
import { OpenBalance, PublishCharges, RecordPayment } from '@modules/billing';
import { RegisterSubscriber } from '@modules/identity';
import { aContract } from '../../src/modules/billing/testing/contract.mother';
import { launchBrowser, recordCspViolations, SCREENSHOTS } from '../helpers/browser';
import { linkIn, mailTo, seedContract } from '../helpers/identity-fixtures';
import { pdfText } from '../helpers/pdf-text';
import { PdfRenderer } from '../../libs/documents/pdf-renderer';
import { SmtpCapture } from '../helpers/smtp-capture';
import { startWeb, startWorker } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';
import type { Clock } from '@app/shared-kernel';
import { Month, monthFrom } from '../helpers/test-clock';

/** Both lines of each account of a period, as the back office publishes them (docs/demo-data.md). */
function charges(contract: ContractUpserted, period: string, vatRate: string, perAccount: Array<[volume: string, water: string, sewerage: string]>): ChargesPublished {
  return {
    contractNumber: contract.contractNumber,
    period,
    lines: contract.accounts.flatMap((account, index) => {
      const [volume, water, sewerage] = perAccount[index];
      return [
        { accountNumber: account.accountNumber, recipient: account.recipient, tariffGroup: account.tariffGroup, service: 'water' as const, volume, tariff: '197.02', vatRate, amount: water },
        { accountNumber: account.accountNumber, recipient: account.recipient, tariffGroup: account.tariffGroup, service: 'sewerage' as const, volume, tariff: '204.5', vatRate, amount: sewerage },
      ];
    }),
  };
}

/** The `day`-th of a month, "YYYY-MM-DD". */
const dayOf = (month: Month, day: number) => `${month.period}-${String(day).padStart(2, '0')}`;

/**
 * A subscriber meets Billing's pages (SPEC §3, Рисунок 14) in Chromium, with the processes on `clock`:
 * the breakdown of November 2019 (zeros, VAT 12 %) and of the previous month (VAT 16 %), its PDF
 * downloaded and e-mailed (read from a real SMTP server), the settlements and a reconciliation; an
 * individual's cabinet works the same way, and nobody downloads another subscriber's report. Every date
 * is built from the clock: the suite holds on any day (billing.e2e.spec.ts runs it on several).
 */
export function describeBillingPages(clock: Clock): void {
  const now = clock.now();
  // The breakdown opens on the previous month; the one before it and its predecessor fill the history.
  const [current, previous, twoAgo, threeAgo] = [0, -1, -2, -3].map((offset) => monthFrom(now, offset));

  describe(`billing pages in Chromium, on ${now.toISOString()}`, () => {
    let smtp: SmtpCapture;
    let config: AppConfig;
    let web: NestExpressApplication;
    let worker: INestApplicationContext;
    let browser: Browser;
    const cspViolations: string[] = [];

    const legal = aContract('legal', { name: 'ТОО «Водоканал-Демо Сервис»' });
    const individual = aContract('individual', { name: 'Иванов Иван Иванович' });
    const legalEmail = `buh-${legal.contractNumber}@example.kz`;
    const individualEmail = `ivanov-${individual.contractNumber}@example.kz`;
    const password = 'Пароль-абонента-2026';

    async function subscriber(contract: ContractUpserted, email: string): Promise<string> {
      await seedContract(web, contract);
      await web.get(Commands).execute(
        new RegisterSubscriber({
          subscriberType: contract.subscriberType,
          name: contract.name,
          email,
          password,
          passwordConfirmation: password,
          iinBin: contract.iinBin,
          number: contract.contractNumber,
          invoiceByEmail: false,
        }),
      );
      // Confirmed as a subscriber does it: the link of the confirmation e-mail.
      const confirmation = await mailTo(smtp, email, 'Подтверждение регистрации');
      const link = new URL(linkIn(confirmation, '/register/confirm'));
      await request(config.publicUrl.origin).get(`${link.pathname}${link.search}`).expect((res) => expect(res.status).toBeLessThan(400));
      return contract.subscriberType === 'legal' ? `vk${contract.contractNumber}` : contract.contractNumber;
    }

    beforeAll(async () => {
      smtp = await new SmtpCapture().start();
      config = await testConfig({ SMTP_URL: smtp.url });
      [web, worker, browser] = await Promise.all([startWeb(config, { clock }), startWorker(config, { clock }), launchBrowser()]);
      await subscriber(legal, legalEmail);
      await subscriber(individual, individualEmail);
      const commands = web.get(Commands);
      await commands.execute(new PublishCharges(charges(legal, '2019-11', '12', [['0', '0', '0'], ['0', '0', '0']])));
      await commands.execute(new PublishCharges(charges(legal, previous.period, '16', [['15.310', '3499.00', '3631.84'], ['6.450', '1474.10', '1530.07']])));
      await commands.execute(new PublishCharges(charges(legal, twoAgo.period, '16', [['13.900', '3176.76', '3297.39'], ['7.120', '1627.29', '1688.91']])));
      await commands.execute(new OpenBalance({ contractNumber: legal.contractNumber, date: dayOf(twoAgo, 1), amount: '1250.40' }));
      await commands.execute(new RecordPayment({ paymentId: `P-${legal.contractNumber}-1`, contractNumber: legal.contractNumber, date: dayOf(twoAgo, 15), amount: '1250.40' }));
      await commands.execute(new RecordPayment({ paymentId: `P-${legal.contractNumber}-2`, contractNumber: legal.contractNumber, date: dayOf(previous, 10), amount: '9790.35' }));
      await commands.execute(
        new PublishCharges({
          contractNumber: individual.contractNumber,
          period: previous.period,
          lines: [
            { ...individual.accounts[0], service: 'water', volume: '4.480', tariff: '98.51', vatRate: '16', amount: '511.94' },
            { ...individual.accounts[0], service: 'sewerage', volume: '4.480', tariff: '102.25', vatRate: '16', amount: '531.37' },
          ],
        }),
      );
      await commands.execute(new OpenBalance({ contractNumber: individual.contractNumber, date: dayOf(previous, 1), amount: '-150.00' }));
      await commands.execute(new RecordPayment({ paymentId: `P-${individual.contractNumber}-1`, contractNumber: individual.contractNumber, date: dayOf(previous, 9), amount: '1000.00' }));
    });

    afterAll(async () => {
      await browser?.close();
      await Promise.all([web?.close(), worker?.close()]);
      await smtp?.stop();
    });

    async function logIn(login: string): Promise<{ context: BrowserContext; page: Page }> {
      const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1200, height: 900 }, acceptDownloads: true });
      const page = await context.newPage();
      recordCspViolations(page, cspViolations);
      await page.goto(`${config.publicUrl.origin}/login`);
      await page.getByLabel('Логин:').fill(login);
      await page.getByLabel('Пароль:').fill(password);
      await page.getByRole('button', { name: 'Войти' }).click();
      await page.waitForURL(/\/cabinet$/);
      return { context, page };
    }

    const main = (page: Page) => page.locator('main').innerText();
    const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `billing-${name}.png`), fullPage: true });
    const rows = (page: Page) => page.locator('table.charges-table tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as unknown as { innerText: string }).innerText.split('\t').map((cell) => cell.trim())));

    let reportUrl = '';

    it('shows the breakdown of the previous month, then November 2019 with zeros as in the manual', async () => {
      const { context, page } = await logIn(`vk${legal.contractNumber}`);
      await page.getByRole('link', { name: 'Расшифровка начислений' }).click();
      await page.waitForURL(/\/cabinet\/charges$/);
      const text = await main(page);
      expect(text).toContain('Выберите период, за который хотите посмотреть расшифровку');
      expect(text).toContain('Расшифровка по получателям');
      expect(text).toContain(`Год: ${previous.year} Месяц: ${previous.name}`);
      await expect(page.getByLabel('Месяц').inputValue()).resolves.toBe(String(previous.month));
      await expect(page.getByLabel('Год').inputValue()).resolves.toBe(String(previous.year));

      await page.getByLabel('Месяц').selectOption({ label: 'Ноябрь' });
      await page.getByLabel('Год').selectOption('2019');
      await page.getByRole('button', { name: 'Показать расшифровку' }).click();
      await page.waitForURL(/month=11&year=2019/);
      const november = await main(page);
      expect(november).toContain('Год: 2019 Месяц: Ноябрь');
      expect(november).toContain(`Договор: №${legal.contractNumber} Плательщик: ТОО «Водоканал-Демо Сервис»`);
      await expect(page.locator('table.charges-table thead th').allInnerTexts()).resolves.toEqual(['№', 'Лицевой счёт', 'Получатель', 'Тар. гр.', 'в/к', 'М. куб', 'Тариф', 'НДС, %', 'Сумма, тг']);
      await expect(rows(page)).resolves.toEqual([
        ['1', legal.accounts[0].accountNumber, legal.accounts[0].recipient, '3', 'в', '0', '197.02', '12', '0.00'],
        ['к', '0', '204.5', '0.00'],
        ['2', legal.accounts[1].accountNumber, legal.accounts[1].recipient, '3', 'в', '0', '197.02', '12', '0.00'],
        ['к', '0', '204.5', '0.00'],
        ['Итого', '0.00'],
      ]);
      await shot(page, '01-november-2019');

      // A month without charges says so.
      await page.goto(`${config.publicUrl.origin}/cabinet/charges?month=3&year=2020`);
      await expect(main(page)).resolves.toContain('За период «Март 2020» начислений нет.');
      await expect(page.getByRole('button', { name: 'Скачать отчет' }).count()).resolves.toBe(0);
      await context.close();
    });

    it('shows the previous month with VAT 16 %, downloads it as a PDF and e-mails it', async () => {
      const { context, page } = await logIn(`vk${legal.contractNumber}`);
      await page.goto(`${config.publicUrl.origin}/cabinet/charges?month=${previous.month}&year=${previous.year}`);
      await expect(rows(page)).resolves.toEqual([
        ['1', legal.accounts[0].accountNumber, legal.accounts[0].recipient, '3', 'в', '15.31', '197.02', '16', '3\u00a0499.00'],
        ['к', '15.31', '204.5', '3\u00a0631.84'],
        ['2', legal.accounts[1].accountNumber, legal.accounts[1].recipient, '3', 'в', '6.45', '197.02', '16', '1\u00a0474.10'],
        ['к', '6.45', '204.5', '1\u00a0530.07'],
        ['Итого', '10\u00a0135.01'],
      ]);
      await shot(page, '02-previous-month');

      // One click: the answer is the file itself (or, when it takes longer, the status page downloads it by itself).
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByRole('button', { name: 'Скачать отчет' }).click()]);
      expect(download.suggestedFilename()).toBe(`Расшифровка начислений ${previous.period} vk${legal.contractNumber}.pdf`);
      const pdf = readFileSync((await download.path())!);
      await download.saveAs(join(SCREENSHOTS, `billing-charges-${previous.period}.pdf`));
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = pdfText(pdf);
      expect(text).toContain(`Расшифровка начислений за ${previous.label.toLowerCase()}`);
      expect(text).toContain(`Год: ${previous.year} Месяц: ${previous.name}`);
      expect(text).toMatch(new RegExp(`1\\s+${legal.accounts[0].accountNumber}.*в\\s+15\\.31\\s+197\\.02\\s+16\\s+3 499\\.00`));
      expect(text).toMatch(/Итого\s+10 135\.01/);

      // «Отправить отчет на почту»: the status page follows it until it is sent.
      await page.goto(`${config.publicUrl.origin}/cabinet/charges?month=${previous.month}&year=${previous.year}`);
      await page.getByRole('button', { name: 'Отправить отчет на почту' }).click();
      await page.waitForURL(/\/cabinet\/reports\/[0-9a-f-]{36}$/);
      reportUrl = page.url();
      await expect(main(page)).resolves.toMatch(/Отчет формируется|отправляется на|Отчет отправлен на/);
      await page.getByText(`Отчет отправлен на ${legalEmail}`).waitFor({ timeout: 30_000 });
      await shot(page, '04-report-sent');
      const mail = await mailTo(smtp, legalEmail, 'Расшифровка начислений');
      expect(mail.subject).toBe(`Расшифровка начислений за ${previous.label.toLowerCase()}`);
      expect(mail.attachments).toHaveLength(1);
      expect(mail.attachments[0].contentType).toBe('application/pdf');
      expect(mail.attachments[0].filename).toBe(`charges-${legal.contractNumber}-${previous.period}.pdf`);
      expect(mail.attachments[0].content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdfText(mail.attachments[0].content)).toMatch(/Итого\s+10 135\.01/);
      await context.close();
    });

    it('states the settlements and a reconciliation month by month, as a PDF too', async () => {
      const { context, page } = await logIn(`vk${legal.contractNumber}`);
      await page.getByRole('link', { name: 'Состояние взаиморасчетов' }).click();
      await page.waitForURL(/\/cabinet\/settlements$/);
      const settlements = await main(page);
      // 1250.40 + 9790.35 + 10135.01 − 1250.40 − 9790.35
      expect(settlements).toContain('Задолженность: 10\u00a0135.01 тг');
      expect(settlements).toContain(`Последний расчетный период: ${previous.label}`);
      expect(settlements).toMatch(/Сальдо на начало периода, тг\s+9\u00a0790\.35/);
      expect(settlements).toMatch(/Начислено, тг\s+10\u00a0135\.01/);
      expect(settlements).toMatch(/Оплачено, тг\s+9\u00a0790\.35/);
      expect(settlements).toMatch(/Сальдо на конец периода, тг\s+10\u00a0135\.01/);
      await shot(page, '05-settlements');

      await page.getByRole('link', { name: 'Сверка взаиморасчетов' }).first().click();
      await page.waitForURL(/\/cabinet\/reconciliation$/);
      // From the month before the balance was opened to the current month, which has no charges yet.
      await page.getByLabel('Месяц начала').selectOption({ label: threeAgo.name });
      await page.getByLabel('Год начала').selectOption(String(threeAgo.year));
      await page.getByLabel('Месяц окончания').selectOption({ label: current.name });
      await page.getByLabel('Год окончания').selectOption(String(current.year));
      await page.getByRole('button', { name: 'Показать сверку' }).click();
      await page.waitForURL(new RegExp(`frommonth=${threeAgo.month}&fromyear=${threeAgo.year}&tomonth=${current.month}&toyear=${current.year}`));
      const statement = await main(page);
      expect(statement).toContain('сверка показана с этого месяца');
      const table = await page.locator('table.reconciliation-table tbody tr').allInnerTexts();
      expect(table.map((row) => row.split('\t').map((cell) => cell.trim()).filter(Boolean))).toEqual([
        ['Сальдо на начало периода', '1\u00a0250.40'],
        [twoAgo.label, '1\u00a0250.40', '9\u00a0790.35', '1\u00a0250.40', '9\u00a0790.35'],
        [previous.label, '9\u00a0790.35', '10\u00a0135.01', '9\u00a0790.35', '10\u00a0135.01'],
        [current.label, '10\u00a0135.01', '0.00', '0.00', '10\u00a0135.01'],
        ['Итого за период', '19\u00a0925.36', '11\u00a0040.75'],
        ['Сальдо на конец периода', '10\u00a0135.01'],
      ]);
      await shot(page, '06-reconciliation');
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByRole('button', { name: 'Скачать отчет' }).click()]);
      expect(download.suggestedFilename()).toBe(`Сверка взаиморасчетов ${threeAgo.period}–${current.period} vk${legal.contractNumber}.pdf`);
      await download.saveAs(join(SCREENSHOTS, 'billing-reconciliation.pdf'));
      const text = pdfText(readFileSync((await download.path())!));
      expect(text).toContain(`Сверка взаиморасчетов за ${threeAgo.label.toLowerCase()} — ${current.label.toLowerCase()}`);
      expect(text).toMatch(/Сальдо на конец периода\s+10 135\.01/);

      // A range that ends before it starts is refused with a message.
      await page.goto(`${config.publicUrl.origin}/cabinet/reconciliation?frommonth=10&fromyear=2026&tomonth=8&toyear=2026`);
      await expect(main(page)).resolves.toContain('конец периода не может быть раньше начала');
      await context.close();
    });

    it('shows a report that takes longer on a status page that announces it and downloads it by itself', async () => {
      // The worker takes the job but its Chromium is slow: the render waits until released. (Pausing the
      // BullMQ worker is not enough: a fetch of the next job already under way still takes it.)
      const renderer = worker.get(PdfRenderer);
      const render = renderer.render.bind(renderer);
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      const slow = jest.spyOn(renderer, 'render').mockImplementation(async (html: string) => {
        await held;
        return render(html);
      });
      try {
        const { context, page } = await logIn(`vk${legal.contractNumber}`);
        await page.goto(`${config.publicUrl.origin}/cabinet/charges?month=${previous.month}&year=${previous.year}`);
        // Waiting for the navigation from before the click, and only until it commits: the status page
        // polls from the start, and its load may come before or after the wait would begin.
        await Promise.all([
          page.waitForURL(/\/cabinet\/reports\/[0-9a-f-]{36}\?download=1$/, { waitUntil: 'commit' }),
          page.getByRole('button', { name: 'Скачать отчет' }).click(),
        ]);
        const status = page.getByRole('status');
        await status.waitFor();
        await expect(status.getAttribute('aria-live')).resolves.toBe('polite');
        await expect(status.innerText()).resolves.toContain('Отчет формируется');
        await expect(page.getByRole('link', { name: 'Скачать отчет (PDF)' }).isVisible()).resolves.toBe(false);
        await shot(page, '03-report-pending');
        const downloaded = page.waitForEvent('download', { timeout: 30_000 });
        release();
        const download = await downloaded; // no second click
        expect(download.suggestedFilename()).toBe(`Расшифровка начислений ${previous.period} vk${legal.contractNumber}.pdf`);
        expect(pdfText(readFileSync((await download.path())!))).toMatch(/Итого\s+10 135\.01/);
        // Announced in place, with the link kept as the fallback.
        await expect(status.innerText()).resolves.toContain('Отчет готов. Файл загрузится автоматически');
        await expect(page.getByRole('link', { name: 'Скачать отчет (PDF)' }).isVisible()).resolves.toBe(true);
        await shot(page, '03-report-ready');
        await context.close();
      } finally {
        release();
        slow.mockRestore();
      }
    });

    it("works for an individual (contract = personal account), who cannot fetch another subscriber's report", async () => {
      const { context, page } = await logIn(individual.contractNumber);
      await page.goto(`${config.publicUrl.origin}/cabinet/charges`);
      const text = await main(page);
      expect(text).toContain(`Лицевой счёт: №${individual.contractNumber} Плательщик: Иванов Иван Иванович`);
      await expect(rows(page)).resolves.toEqual([
        ['1', individual.contractNumber, individual.accounts[0].recipient, '1', 'в', '4.48', '98.51', '16', '511.94'],
        ['к', '4.48', '102.25', '531.37'],
        ['Итого', '1\u00a0043.31'],
      ]);
      await page.goto(`${config.publicUrl.origin}/cabinet/settlements`);
      // −150.00 + 1043.31 − 1000.00
      await expect(main(page)).resolves.toContain('Переплата: 106.69 тг');
      await shot(page, '07-individual-settlements');

      // The legal entity's report: not found for this subscriber, nor for an anonymous visitor.
      const other = await page.goto(`${reportUrl}/file`);
      expect(other?.status()).toBe(404);
      expect((await page.goto(reportUrl))?.status()).toBe(404);
      const anonymous = await request(config.publicUrl.origin).get(new URL(`${reportUrl}/file`).pathname);
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.location).toMatch(/\/login/);
      await context.close();
      expect(cspViolations).toEqual([]);
    });
  });
}
