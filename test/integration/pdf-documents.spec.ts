import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Job, Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '@app/config';
import { DocumentRequests } from '@app/documents';
import { QUEUES } from '@app/messaging';
import { Notifier } from '@app/notifications';
import { Outbox, UnitOfWork } from '@app/persistence';
import { DocumentRenderings } from '../../libs/documents/document-renderings';
import { DocumentRequest } from '../../libs/documents/document-request';
import { DocumentRequested } from '../../libs/documents/document-requested.event';
import { MailMessage } from '../../libs/notifications/mail-message';
import { PdfRenderer } from '../../libs/documents/pdf-renderer';
import { pdfText } from '../helpers/pdf-text';
import { SmtpCapture } from '../helpers/smtp-capture';
import { eventually, startWorker } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';

const REPORT = {
  documentTitle: 'Расшифровка начислений за Ноябрь 2019',
  generatedAt: '25.11.2026 18:00',
  report: {
    year: 2019,
    monthName: 'Ноябрь',
    contractLabel: 'Договор',
    contractNumber: '2666',
    payer: 'ТОО «Водоканал-Демо Сервис»',
    empty: false,
    accounts: [
      {
        index: 1,
        accountNumber: '00009177',
        recipient: 'Административное здание',
        tariffGroup: '3',
        rows: 2,
        lines: [
          { first: true, service: 'в', volume: '0', tariff: '197.02', vat: { text: '12', rowspan: 2 }, amount: '0.00' },
          { first: false, service: 'к', volume: '0', tariff: '204.5', vat: null, amount: '0.00' },
        ],
      },
    ],
    total: '0.00',
  },
};

/** The pdf queue end to end in the worker: Handlebars → Chromium → bytea, then the e-mail with the PDF attached. */
describe('pdf documents in the worker', () => {
  let smtp: SmtpCapture;
  let config: AppConfig;
  let worker: INestApplicationContext;
  let queue: Queue;

  beforeAll(async () => {
    smtp = await new SmtpCapture().start();
    config = await testConfig({ SMTP_URL: smtp.url });
    worker = await startWorker(config);
    queue = worker.get<Queue>(getQueueToken(QUEUES.PDF), { strict: false });
  });

  afterAll(async () => {
    await worker?.close();
    await smtp?.stop();
  });

  const load = (id: string) => worker.get(MikroORM).em.fork().findOneOrFail(DocumentRequest, { id }, { populate: ['content'] });
  const ask = (mailTo?: string) =>
    worker.get(UnitOfWork).run(async () =>
      worker.get(DocumentRequests).request({
        ownerId: 'owner-1',
        kind: 'billing.charges-breakdown',
        template: 'billing/pdf/charges-breakdown',
        filename: 'charges-2666-2019-11.pdf',
        params: REPORT,
        mail: mailTo ? { to: mailTo, template: 'billing/emails/report', params: { title: REPORT.documentTitle, filename: 'charges-2666-2019-11.pdf' } } : undefined,
      }),
    );

  it('renders the PDF once, with only the id in job data, and does nothing when the job comes again', async () => {
    const id = await ask();
    const job = await eventually(() => queue.getJob(id), 10_000, 'the pdf job');
    expect(job.data).toEqual({ documentId: id, kind: 'billing.charges-breakdown' });
    const ready = await eventually(async () => ((await load(id)).status === 'ready' ? load(id) : undefined), 30_000, 'the PDF');
    expect(ready.content!.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(ready.content!);
    expect(text).toContain('Расшифровка начислений за Ноябрь 2019');
    expect(text).toMatch(/1\s+00009177\s+Административное\s+3\s+в\s+0\s+197\.02\s+12\s+0\.00/);
    expect(ready.params).toEqual({});

    const again = await queue.add('document.requested', { documentId: id, kind: 'billing.charges-breakdown' }, { jobId: `${id}-again` });
    await eventually(async () => (await Job.fromId(queue, again.id!))?.returnvalue ?? undefined, 15_000, 'the repeated job');
    expect((await Job.fromId(queue, again.id!))!.returnvalue).toEqual({ status: 'already rendered' });
    expect((await load(id)).readyAt!.getTime()).toBe(ready.readyAt!.getTime());
  });

  it('leaves an expired request to the retention run (RETENTION_DOCUMENT_DAYS after expiry), rendering others', async () => {
    const expired = randomUUID();
    await worker.get(UnitOfWork).run(async () => {
      worker.get(EntityManager).persist(Object.assign(new DocumentRequest(), { id: expired, ownerId: 'owner-1', kind: 'test', template: 'billing/pdf/charges-breakdown', filename: 'x.pdf', params: {}, status: 'failed', expiresAt: new Date(Date.now() - 3600_000) }));
    });
    const id = await ask();
    await eventually(async () => ((await load(id)).status === 'ready' ? true : undefined), 30_000, 'the PDF');
    // Its status stays readable until the retention run deletes it (30 days after it expired, by default).
    expect((await worker.get(MikroORM).em.fork().findOne(DocumentRequest, { id: expired }))?.status).toBe('failed');
  });

  it('fails at once, and marks the request failed, when its template cannot render', async () => {
    const id = randomUUID();
    await worker.get(UnitOfWork).run(async () => {
      const document = Object.assign(new DocumentRequest(), { id, ownerId: 'owner-1', kind: 'test', template: 'billing/pdf/no-such-template', filename: 'x.pdf', params: {}, expiresAt: new Date(Date.now() + 60_000) });
      worker.get(EntityManager).persist(document);
      worker.get(Outbox).add(new DocumentRequested(id, 'test', new Date()));
    });
    const job = await eventually(async () => {
      const found = await Job.fromId(queue, id);
      return found?.failedReason ? found : undefined;
    }, 15_000, 'the failed job');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toContain('no-such-template');
    expect((await load(id)).status).toBe('failed');
  });

  it('notes a failed render (its attempts and error) while it is retried, and clears the error once rendered', async () => {
    const render = jest.spyOn(worker.get(PdfRenderer), 'render');
    render.mockRejectedValueOnce(new Error('Chromium crashed (1)')).mockRejectedValueOnce(new Error('Chromium crashed (2)'));
    try {
      const id = await ask();
      const noted = await eventually(async () => {
        const row = await load(id);
        return row.attempts === 1 ? row : undefined;
      }, 15_000, 'the first attempt noted');
      expect([noted.status, noted.lastError]).toEqual(['pending', 'Chromium crashed (1)']);
      const ready = await eventually(async () => ((await load(id)).status === 'ready' ? load(id) : undefined), 30_000, 'the PDF after two retries');
      expect([ready.attempts, ready.lastError, ready.content!.subarray(0, 5).toString('latin1')]).toEqual([3, null, '%PDF-']);
    } finally {
      render.mockRestore();
    }
  });

  it('marks the request failed, with the reason, when the last attempt fails too', async () => {
    const render = jest.spyOn(worker.get(PdfRenderer), 'render').mockRejectedValue(new Error('Chromium crashed'));
    try {
      const id = await ask();
      const failed = await eventually(async () => ((await load(id)).status === 'failed' ? load(id) : undefined), 30_000, 'the request failed');
      expect([failed.attempts, failed.lastError, failed.content]).toEqual([3, 'gave up after 3 attempts: Chromium crashed', null]);
      expect(render).toHaveBeenCalledTimes(3);
    } finally {
      render.mockRestore();
    }
  });

  it('stores a settled request only while it is pending: a second worker with the same job writes nothing', async () => {
    const id = await ask();
    const ready = await eventually(async () => ((await load(id)).status === 'ready' ? load(id) : undefined), 30_000, 'the PDF');
    const late = await worker.get(DocumentRenderings).find(id);
    late!.status = 'pending';
    late!.complete(Buffer.from('%PDF- a late copy'), new Date());
    expect(await worker.get(DocumentRenderings).settle(late!)).toBe(false);
    const after = await load(id);
    expect([after.content!.equals(ready.content!), after.readyAt!.getTime()]).toEqual([true, ready.readyAt!.getTime()]);
  });

  it('e-mails the PDF as an attachment resolved from its id', async () => {
    const id = await ask('buh@example.kz');
    const mail = await eventually(() => smtp.to('buh@example.kz')[0], 30_000, 'the e-mail with the report');
    expect(mail.subject).toBe('Расшифровка начислений за Ноябрь 2019');
    // «сформированный» agrees with «отчет», whatever the report's own (feminine) title.
    expect(mail.text).toContain('Во вложении — отчет «Расшифровка начислений за Ноябрь 2019» (файл charges-2666-2019-11.pdf), сформированный по вашему запросу');
    expect(mail.attachments.map((file) => [file.filename, file.contentType])).toEqual([['charges-2666-2019-11.pdf', 'application/pdf']]);
    expect(mail.attachments[0].content.equals((await load(id)).content!)).toBe(true);
    const row = await worker.get(MikroORM).em.fork().findOneOrFail(MailMessage, { id: (await load(id)).mailId! });
    expect([row.status, row.attachments]).toEqual(['sent', [id]]);
  });

  it('never sends an e-mail whose attachment does not exist', async () => {
    const missing = randomUUID();
    const mailId = await worker.get(UnitOfWork).run(() =>
      worker.get(Notifier).email({ to: 'nobody@example.kz', template: 'billing/emails/report', params: { title: 'x', filename: 'x.pdf' }, attachments: [{ documentId: missing }] }),
    );
    const row = await eventually(async () => {
      const found = await worker.get(MikroORM).em.fork().findOneOrFail(MailMessage, { id: mailId });
      return found.status === 'failed' ? found : undefined;
    }, 15_000, 'the failed e-mail');
    expect(row.lastError).toContain(missing);
    expect(smtp.to('nobody@example.kz')).toEqual([]);
  });
});
