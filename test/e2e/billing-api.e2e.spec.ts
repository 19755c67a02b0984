import { INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { AppConfig } from '@app/config';
import type { ChargesPublished, ContractUpserted } from '@app/messaging';
import { Commands } from '@app/persistence';
import { OpenBalance, PublishCharges, RecordPayment } from '@modules/billing';
import { aContract } from '../../src/modules/billing/testing/contract.mother';
import { mailTo, registeredSubscriber } from '../helpers/identity-fixtures';
import { pdfText } from '../helpers/pdf-text';
import { SmtpCapture } from '../helpers/smtp-capture';
import { eventually, startWeb, startWorker } from '../helpers/test-app';
import { Month, monthFrom, testClock } from '../helpers/test-clock';
import { testConfig } from '../helpers/test-env';
import { bytes as binary, readXlsx } from '../helpers/downloads';

const PASSWORD = 'Billing-api-password-2026';
const clock = testClock();
const [current, previous, twoAgo, threeAgo] = [0, -1, -2, -3].map((offset) => monthFrom(clock.now(), offset));
const dayOf = (month: Month, day: number) => `${month.period}-${String(day).padStart(2, '0')}`;

/** Both lines of each account, as the back office publishes them (the figures of docs/demo-data.md). */
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

/**
 * Billing in the REST API (issue 19) through HTTP, with a real web process and worker: the breakdown
 * (JSON, CSV, XLSX), the settlements, a reconciliation, and PDF reports downloaded and e-mailed; the
 * contract is the token's, and another subscriber's report is not found.
 */
describe('Billing in the REST API', () => {
  let smtp: SmtpCapture;
  let config: AppConfig;
  let web: NestExpressApplication;
  let worker: INestApplicationContext;
  const legal = aContract('legal', { name: 'ТОО «Водоканал-Демо Сервис»' });
  const person = aContract('individual', { name: 'Иванов Иван Иванович' });
  const legalEmail = `api-${legal.contractNumber}@example.kz`;
  const tokens: Record<'legal' | 'person', string> = { legal: '', person: '' };
  const api = () => request(web.getHttpServer());
  const as = (who: 'legal' | 'person') => ({ Authorization: `Bearer ${tokens[who]}` });

  beforeAll(async () => {
    smtp = await new SmtpCapture().start();
    config = await testConfig({ SMTP_URL: smtp.url });
    [web, worker] = await Promise.all([startWeb(config, { clock }), startWorker(config, { clock })]);
    const logins = {
      legal: await registeredSubscriber(web, smtp, config.publicUrl.origin, legal, legalEmail, PASSWORD),
      person: await registeredSubscriber(web, smtp, config.publicUrl.origin, person, `api-${person.contractNumber}@example.kz`, PASSWORD),
    };
    const commands = web.get(Commands);
    await commands.execute(new PublishCharges(charges(legal, '2019-11', '12', [['0', '0', '0'], ['0', '0', '0']])));
    await commands.execute(new PublishCharges(charges(legal, previous.period, '16', [['15.310', '3499.00', '3631.84'], ['6.450', '1474.10', '1530.07']])));
    await commands.execute(new PublishCharges(charges(legal, twoAgo.period, '16', [['13.900', '3176.76', '3297.39'], ['7.120', '1627.29', '1688.91']])));
    await commands.execute(new OpenBalance({ contractNumber: legal.contractNumber, date: dayOf(twoAgo, 1), amount: '1250.40' }));
    await commands.execute(new RecordPayment({ paymentId: `P-${legal.contractNumber}-1`, contractNumber: legal.contractNumber, date: dayOf(twoAgo, 15), amount: '1250.40' }));
    await commands.execute(new RecordPayment({ paymentId: `P-${legal.contractNumber}-2`, contractNumber: legal.contractNumber, date: dayOf(previous, 10), amount: '9790.35' }));
    await commands.execute(new OpenBalance({ contractNumber: person.contractNumber, date: dayOf(previous, 1), amount: '-150.00' }));
    for (const who of ['legal', 'person'] as const) {
      tokens[who] = (await api().post('/api/v1/auth/token').send({ login: logins[who], password: PASSWORD }).expect(201)).body.accessToken;
    }
  });

  afterAll(async () => {
    await Promise.all([web?.close(), worker?.close()]);
    await smtp?.stop();
  });

  it('answers 401 problem+json without a token, on every endpoint', async () => {
    for (const path of ['/api/v1/charges', '/api/v1/settlements', '/api/v1/reconciliation', '/api/v1/reports/0f3a8e52-7c1d-4b6e-9a2f-5d8c1e4b7a90', '/api/v1/reports/0f3a8e52-7c1d-4b6e-9a2f-5d8c1e4b7a90/file']) {
      const res = await api().get(path).expect(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    }
    await api().post('/api/v1/reports').send({ kind: 'charges-breakdown' }).expect(401);
  });

  it('gives the breakdown of the previous month by default, amounts as exact decimal strings', async () => {
    const res = await api().get('/api/v1/charges').set(as('legal')).expect(200);
    expect(res.body).toEqual({
      contractNumber: legal.contractNumber,
      payer: 'ТОО «Водоканал-Демо Сервис»',
      period: previous.period,
      lines: [
        { accountNumber: legal.accounts[0].accountNumber, recipient: legal.accounts[0].recipient, tariffGroup: '3', service: 'water', volume: '15.310', tariff: '197.0200', vatRate: '16.00', amount: '3499.00' },
        { accountNumber: legal.accounts[0].accountNumber, recipient: legal.accounts[0].recipient, tariffGroup: '3', service: 'sewerage', volume: '15.310', tariff: '204.5000', vatRate: '16.00', amount: '3631.84' },
        { accountNumber: legal.accounts[1].accountNumber, recipient: legal.accounts[1].recipient, tariffGroup: '3', service: 'water', volume: '6.450', tariff: '197.0200', vatRate: '16.00', amount: '1474.10' },
        { accountNumber: legal.accounts[1].accountNumber, recipient: legal.accounts[1].recipient, tariffGroup: '3', service: 'sewerage', volume: '6.450', tariff: '204.5000', vatRate: '16.00', amount: '1530.07' },
      ],
      total: '10135.01',
    });
    const november = await api().get('/api/v1/charges?period=2019-11').set(as('legal')).expect(200);
    expect(november.body.lines.map((line: { vatRate: string; amount: string }) => [line.vatRate, line.amount])).toEqual(Array(4).fill(['12.00', '0.00']));
    expect(november.body.total).toBe('0.00');
    // The token's contract, never another's: the individual has no charges of that month.
    await expect(api().get(`/api/v1/charges?period=${previous.period}`).set(as('person')).then((r) => r.body)).resolves.toMatchObject({ contractNumber: person.contractNumber, lines: [], total: '0.00' });
  });

  it('refuses a period that is not a month with BILLING.INVALID_PERIOD', async () => {
    for (const period of ['2026-13', '2026-1', '1999-12', 'abc', `${current.year + 2}-01`]) {
      const res = await api().get(`/api/v1/charges?period=${period}`).set(as('legal')).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 400, code: 'BILLING.INVALID_PERIOD', type: 'urn:vodokanal:problem:BILLING.INVALID_PERIOD' });
      expect(res.body.title).toContain(`«${period}»`);
    }
    const format = await api().get('/api/v1/charges?format=pdf').set(as('legal')).expect(400);
    expect(format.body.code).toBe('DOCUMENTS.UNSUPPORTED_FORMAT');
  });

  it('exports the breakdown as CSV for Excel in Kazakhstan (by ?format= or Accept) and as XLSX', async () => {
    const csv = await api().get(`/api/v1/charges?period=${previous.period}&format=csv`).set(as('legal')).buffer(true).parse(binary).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="charges-${legal.contractNumber}-${previous.period}.csv"`);
    const bytes = csv.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('№;Лицевой счёт;Получатель;Тар. гр.;в/к;М. куб;Тариф;НДС, %;Сумма, тг');
    expect(lines[1]).toBe(`1;${legal.accounts[0].accountNumber};${legal.accounts[0].recipient};3;в;15,310;197,02;16;3499,00`);
    expect(lines[4]).toBe(`2;${legal.accounts[1].accountNumber};${legal.accounts[1].recipient};3;к;6,450;204,5;16;1530,07`);
    expect(lines[5]).toBe(';Итого;;;;;;;10135,01');
    // In the language the client asks for.
    const english = await api().get(`/api/v1/charges?period=${previous.period}&format=csv`).set(as('legal')).set('Accept-Language', 'en').buffer(true).parse(binary).expect(200);
    expect((english.body as Buffer).toString('utf8').split('\r\n')[0]).toBe('\ufeffNo.;Personal account;Recipient;Tariff gr.;W/S;m³;Tariff;VAT, %;Amount, KZT');
    const byAccept = await api().get(`/api/v1/charges?period=${previous.period}`).set(as('legal')).set('Accept', 'text/csv').buffer(true).parse(binary).expect(200);
    expect((byAccept.body as Buffer).equals(bytes)).toBe(true);

    const xlsx = await api().get(`/api/v1/charges?period=${previous.period}&format=xlsx`).set(as('legal')).buffer(true).parse(binary).expect(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheet = (await readXlsx(xlsx.body as Buffer)).worksheets[0];
    expect(sheet.getCell('A1').value).toBe(`Расшифровка начислений за ${previous.label.toLowerCase()}`);
    expect(sheet.getRow(5).values).toEqual([undefined, '№', 'Лицевой счёт', 'Получатель', 'Тар. гр.', 'в/к', 'М. куб', 'Тариф', 'НДС, %', 'Сумма, тг']);
    expect(sheet.getRow(6).values).toEqual([undefined, 1, legal.accounts[0].accountNumber, legal.accounts[0].recipient, '3', 'в', 15.31, 197.02, 16, 3499]);
    expect(sheet.getCell('I10').value).toBe(10135.01);
    expect(sheet.getCell('I10').numFmt).toBe('#,##0.00');
  });

  it('states the settlements', async () => {
    const res = await api().get('/api/v1/settlements').set(as('legal')).expect(200);
    expect(res.body).toEqual({
      contractNumber: legal.contractNumber,
      payer: 'ТОО «Водоканал-Демо Сервис»',
      asOf: expect.stringMatching(new RegExp(`^${current.period}-\\d{2}$`)),
      balance: '10135.01',
      balanceKind: 'debt',
      balanceText: 'Задолженность: 10 135.01 тг',
      ledgerStartsOn: dayOf(twoAgo, 1),
      lastPeriod: { period: previous.period, opening: '9790.35', charges: '10135.01', payments: '9790.35', closing: '10135.01' },
    });
    const english = await api().get('/api/v1/settlements').set(as('legal')).set('Accept-Language', 'en').expect(200);
    expect(english.body.balanceText).toBe('Amount due: 10,135.01 KZT');
    const person = await api().get('/api/v1/settlements').set(as('person')).expect(200);
    expect(person.body).toMatchObject({ balance: '-150.00', balanceKind: 'overpayment', lastPeriod: { period: previous.period, opening: '-150.00', charges: '0.00', payments: '0.00', closing: '-150.00' } });
  });

  it('gives a reconciliation month by month, with the page’s defaults and limits', async () => {
    const res = await api().get(`/api/v1/reconciliation?from=${threeAgo.period}&to=${current.period}`).set(as('legal')).expect(200);
    expect(res.body).toEqual({
      contractNumber: legal.contractNumber,
      payer: 'ТОО «Водоканал-Демо Сервис»',
      from: threeAgo.period,
      to: current.period,
      shownFrom: twoAgo.period,
      clipped: true,
      ledgerStartsOn: dayOf(twoAgo, 1),
      opening: '1250.40',
      months: [
        { period: twoAgo.period, opening: '1250.40', charges: '9790.35', payments: '1250.40', closing: '9790.35' },
        { period: previous.period, opening: '9790.35', charges: '10135.01', payments: '9790.35', closing: '10135.01' },
        { period: current.period, opening: '10135.01', charges: '0.00', payments: '0.00', closing: '10135.01' },
      ],
      charges: '19925.36',
      payments: '11040.75',
      closing: '10135.01',
    });
    const byDefault = await api().get('/api/v1/reconciliation').set(as('legal')).expect(200);
    expect([byDefault.body.from, byDefault.body.to]).toEqual([threeAgo.period, previous.period]);
    const backwards = await api().get(`/api/v1/reconciliation?from=${previous.period}&to=${threeAgo.period}`).set(as('legal')).expect(422);
    expect(backwards.body).toMatchObject({ code: 'BILLING.INVALID_PERIOD_RANGE', title: expect.stringContaining('не может быть длиннее 60 месяцев') });
    await api().get(`/api/v1/reconciliation?from=${monthFrom(clock.now(), -61).period}&to=${previous.period}`).set(as('legal')).expect(422);
    await api().get(`/api/v1/reconciliation?from=${monthFrom(clock.now(), -60).period}&to=${previous.period}`).set(as('legal')).expect(200);
    expect((await api().get('/api/v1/reconciliation?to=2026-00').set(as('legal')).expect(400)).body.code).toBe('BILLING.INVALID_PERIOD');
  });

  let reportId = '';

  it('makes the breakdown’s PDF on request: 202, its status until ready, then the PDF itself', async () => {
    const asked = await api().post('/api/v1/reports').set(as('legal')).send({ kind: 'charges-breakdown', period: previous.period }).expect(202);
    reportId = asked.body.id;
    expect(asked.headers.location).toBe(`/api/v1/reports/${reportId}`);
    expect(asked.body).toMatchObject({ kind: 'charges-breakdown', delivery: 'download', filename: `charges-${legal.contractNumber}-${previous.period}.pdf`, email: null });
    const ready = await eventually(async () => {
      const res = await api().get(`/api/v1/reports/${reportId}`).set(as('legal')).expect(200);
      return res.body.status === 'ready' ? res.body : undefined;
    }, 30_000, 'the report to be ready');
    expect(ready).toEqual({ ...asked.body, status: 'ready', fileUrl: `/api/v1/reports/${reportId}/file` });

    const file = await api().get(ready.fileUrl).set(as('legal')).buffer(true).parse(binary).expect(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    // The ASCII name, and what it is in the report's language (RFC 5987), which browsers prefer.
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="charges-${legal.contractNumber}-${previous.period}.pdf"; filename*=UTF-8''${encodeURIComponent(`Расшифровка начислений ${previous.period} vk${legal.contractNumber}.pdf`)}`,
    );
    const pdf = file.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain(`Расшифровка начислений за ${previous.label.toLowerCase()}`);
    expect(text).toMatch(/Итого\s+10 135\.01/);
  });


  it('answers with the report ready when asked to wait for it (Prefer: wait)', async () => {
    const asked = await api().post('/api/v1/reports').set(as('legal')).set('Prefer', 'wait=10').send({ kind: 'charges-breakdown', period: previous.period }).expect(202);
    expect(asked.headers['preference-applied']).toBe('wait=10');
    expect(asked.body).toMatchObject({ status: 'ready', fileUrl: `/api/v1/reports/${asked.body.id}/file` });
    await api().get(asked.body.fileUrl).set(as('legal')).expect(200);
  });

  it('e-mails a reconciliation’s PDF when asked to, and says when it was sent', async () => {
    const asked = await api().post('/api/v1/reports').set(as('legal')).send({ kind: 'reconciliation', from: twoAgo.period, to: previous.period, delivery: 'email' }).expect(202);
    expect(asked.body).toMatchObject({ kind: 'reconciliation', delivery: 'email', email: { to: legalEmail, status: 'pending' } });
    const sent = await eventually(async () => {
      const res = await api().get(`/api/v1/reports/${asked.body.id}`).set(as('legal')).expect(200);
      return res.body.email.status === 'sent' ? res.body : undefined;
    }, 30_000, 'the report to be e-mailed');
    expect(sent).toMatchObject({ status: 'ready', fileUrl: `/api/v1/reports/${asked.body.id}/file` });
    const mail = await mailTo(smtp, legalEmail, 'Сверка взаиморасчетов');
    expect(mail.subject).toBe(`Сверка взаиморасчетов за ${twoAgo.label.toLowerCase()} — ${previous.label.toLowerCase()}`);
    expect(mail.attachments.map((attachment) => attachment.filename)).toEqual([`reconciliation-${legal.contractNumber}-${twoAgo.period}-${previous.period}.pdf`]);
    expect(pdfText(mail.attachments[0].content)).toMatch(/Сальдо на конец периода\s+10 135\.01/);
  });

  it('refuses a bad report request: an unknown kind, a bad period, a range too long', async () => {
    await api().post('/api/v1/reports').set(as('legal')).send({ kind: 'invoice' }).expect(400);
    await api().post('/api/v1/reports').set(as('legal')).send({ kind: 'charges-breakdown', delivery: 'fax' }).expect(400);
    expect((await api().post('/api/v1/reports').set(as('legal')).send({ kind: 'charges-breakdown', period: '2026-13' }).expect(400)).body.code).toBe('BILLING.INVALID_PERIOD');
    expect((await api().post('/api/v1/reports').set(as('legal')).send({ kind: 'reconciliation', from: '2010-01', to: '2020-01' }).expect(422)).body.code).toBe('BILLING.INVALID_PERIOD_RANGE');
  });

  it("answers 404 BILLING.REPORT_NOT_FOUND for another subscriber's report, as for one that does not exist", async () => {
    for (const path of [`/api/v1/reports/${reportId}`, `/api/v1/reports/${reportId}/file`, '/api/v1/reports/0f3a8e52-7c1d-4b6e-9a2f-5d8c1e4b7a90', '/api/v1/reports/not-a-uuid/file']) {
      const res = await api().get(path).set(as('person')).expect(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 404, code: 'BILLING.REPORT_NOT_FOUND', title: 'Отчет не найден.' });
    }
    // The owner still has it.
    await api().get(`/api/v1/reports/${reportId}/file`).set(as('legal')).expect(200);
  });

  it('documents every endpoint in OpenAPI, with examples and error codes', async () => {
    const doc = (await api().get('/api/docs-json').expect(200)).body;
    for (const [path, method] of [['/api/v1/charges', 'get'], ['/api/v1/settlements', 'get'], ['/api/v1/reconciliation', 'get'], ['/api/v1/reports', 'post'], ['/api/v1/reports/{id}', 'get'], ['/api/v1/reports/{id}/file', 'get']]) {
      expect(doc.paths[path]?.[method]?.security).toEqual([{ bearer: [] }]);
    }
    expect(doc.paths['/api/v1/charges'].get.responses['200'].content['application/json'].example.total).toBe('10135.01');
    expect(Object.keys(doc.paths['/api/v1/charges'].get.responses['200'].content)).toEqual(['application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    expect(JSON.stringify(doc.paths['/api/v1/reconciliation'].get.responses)).toContain('BILLING.INVALID_PERIOD_RANGE');
    expect(JSON.stringify(doc.paths['/api/v1/reports/{id}/file'].get.responses['404'])).toContain('BILLING.REPORT_NOT_FOUND');
    expect(doc.paths['/api/v1/reports'].post.requestBody.content['application/json'].examples.reconciliation.value).toMatchObject({ kind: 'reconciliation', delivery: 'email' });
  });
});
