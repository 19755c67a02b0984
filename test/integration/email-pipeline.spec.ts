import { INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { MikroORM } from '@mikro-orm/postgresql';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AppConfig } from '@app/config';
import { QUEUES } from '@app/messaging';
import { Notifier } from '@app/notifications';
import { UnitOfWork } from '@app/persistence';
import { Mailer } from '../../libs/notifications/mailer';
import { MailMessage } from '../../libs/notifications/mail-message';
import { SecretBox } from '../../libs/notifications/secret-box';
import { eventually, startWeb, startWorker } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';
import { SmtpCapture } from '../helpers/smtp-capture';

/** What a browser shows: HTML character references decoded. */
function decoded(html: string): string {
  return html
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

async function requestEmail(context: INestApplicationContext, to: string, link: string): Promise<string> {
  return context.get(UnitOfWork).run(() =>
    context.get(Notifier).email({ to, template: 'notifications/emails/test', params: { name: 'Абонент', link } }),
  );
}

describe('e-mail pipeline over real SMTP', () => {
  let smtp: SmtpCapture;
  let config: AppConfig;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    smtp = await new SmtpCapture().start();
    config = await testConfig({ SMTP_URL: smtp.url, MAIL_FROM: 'Водоканал <cabinet@vodokanal.test>' });
    worker = await startWorker(config);
  });

  afterAll(async () => {
    await worker?.close();
    await smtp?.stop();
  });

  it('renders the templates and sends text and HTML parts through SMTP', async () => {
    const mailId = await requestEmail(worker, 'first@example.kz', 'http://127.0.0.1/confirm?token=secret-one');
    const [mail] = await eventually(() => (smtp.to('first@example.kz').length ? smtp.to('first@example.kz') : undefined), 20_000, 'the e-mail');
    expect(mail.subject).toBe('Проверка почты');
    expect(mail.from?.text).toContain('cabinet@vodokanal.test');
    expect(mail.text).toContain('Здравствуйте, Абонент!');
    expect(mail.text).toContain('http://127.0.0.1/confirm?token=secret-one');
    expect(decoded(String(mail.html))).toContain('<a href="http://127.0.0.1/confirm?token=secret-one">');
    expect(mail.html).toContain('Сообщение сгенерировано автоматически.');

    // The SMTP server has the message a moment before the worker records the outcome.
    const row = await eventually(async () => {
      const found = await worker.get(MikroORM).em.fork().findOneOrFail(MailMessage, { id: mailId });
      return found.status === 'pending' ? undefined : found;
    }, 10_000, 'the outcome of the e-mail job');
    expect(row.status).toBe('sent');
    expect(row.sealedParams).toBeNull();
  });

  it('puts only the mail id in job data, never the link or the address', async () => {
    const mailId = await requestEmail(worker, 'second@example.kz', 'http://127.0.0.1/reset?checkword=very-secret-word');
    const queue = worker.get<Queue>(getQueueToken(QUEUES.EMAIL), { strict: false });
    const job = await eventually(() => queue.getJob(mailId), 10_000, 'the e-mail job');
    expect(job.data).toEqual({ mailId, template: 'notifications/emails/test' });
    expect(JSON.stringify(job.data)).not.toContain('very-secret-word');
    expect(JSON.stringify(job.data)).not.toContain('second@example.kz');
    await eventually(() => smtp.to('second@example.kz').length === 1, 20_000, 'the second e-mail');
  });

  it('retries with backoff when the SMTP server refuses, and sends once', async () => {
    smtp.refuseNext(2);
    const mailId = await requestEmail(worker, 'third@example.kz', 'http://127.0.0.1/x');
    await eventually(() => smtp.to('third@example.kz').length === 1, 40_000, 'the e-mail after two refusals');
    // The server holds the message before the worker hears its 250 and records the send: wait for that.
    const row = await eventually(async () => {
      const found = await worker.get(MikroORM).em.fork().findOneOrFail(MailMessage, { id: mailId });
      return found.status === 'sent' ? found : undefined;
    }, 10_000, 'the row marked sent');
    expect(row.attempts).toBe(3);
    expect(row.status).toBe('sent');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.to('third@example.kz')).toHaveLength(1);
  });

  it('marks the message failed when its last attempt is refused', async () => {
    const queue = worker.get<Queue>(getQueueToken(QUEUES.EMAIL), { strict: false });
    smtp.refuseNext(100);
    try {
      // A request whose job allows a single attempt (the queue's default is 8, with minutes of backoff).
      const message = Object.assign(new MailMessage(), {
        id: randomUUID(),
        template: 'notifications/emails/test',
        recipient: 'never@example.kz',
        locale: 'ru',
        sealedParams: new SecretBox(config.sessionSecrets).seal({ name: 'x', link: 'y' }),
      });
      await worker.get(MikroORM).em.fork().persistAndFlush(message);
      const mailId = message.id;
      await queue.add('email.requested', { mailId, template: 'notifications/emails/test' }, { jobId: mailId, attempts: 1 });
      const row = await eventually(async () => {
        const message = await worker.get(MikroORM).em.fork().findOneOrFail(MailMessage, { id: mailId });
        return message.status === 'failed' ? message : undefined;
      }, 20_000, 'the message marked failed');
      expect(row.lastError).toMatch(/Temporary failure/);
      expect(smtp.to('never@example.kz')).toHaveLength(0);
    } finally {
      smtp.refuseNext(0);
    }
  });

  it('refuses an unknown template in the request, before anything is queued', async () => {
    await expect(
      worker.get(UnitOfWork).run(() => worker.get(Notifier).email({ to: 'x@example.kz', template: 'notifications/emails/nope', params: {} })),
    ).rejects.toThrow(/does not exist/);
  });
});

describe('development mailbox', () => {
  let config: AppConfig;
  let web: NestExpressApplication;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    config = await testConfig();
    [web, worker] = await Promise.all([startWeb(config), startWorker(config)]);
  });

  afterAll(async () => {
    await Promise.all([web?.close(), worker?.close()]);
  });

  it('keeps messages when SMTP_URL is unset and shows them with clickable links', async () => {
    await requestEmail(worker, 'dev@example.kz', 'http://127.0.0.1/confirm?token=abc');
    const list = await eventually(async () => {
      const res = await request(web.getHttpServer()).get('/dev/mailbox').expect(200);
      return res.text.includes('dev@example.kz') ? res.text : undefined;
    }, 20_000, 'the message in the dev mailbox');
    const id = /href="\/dev\/mailbox\/([0-9a-f-]{36})"/.exec(list)?.[1];
    expect(id).toBeDefined();
    const page = await request(web.getHttpServer()).get(`/dev/mailbox/${id}`).expect(200);
    expect(page.text).toContain('Проверка почты');
    expect(decoded(page.text)).toContain('http://127.0.0.1/confirm?token=abc');
    const html = await request(web.getHttpServer()).get(`/dev/mailbox/${id}/html`).expect(200);
    expect(decoded(html.text)).toContain('<a href="http://127.0.0.1/confirm?token=abc">');
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('lists the attachments of a message by name, type and size', async () => {
    const subject = `С вложением ${randomUUID()}`;
    await worker.get(Mailer).send({ to: 'files@example.kz', subject, text: 'Во вложении — отчет.', html: '<p>Во вложении — отчет.</p>', attachments: [{ filename: 'charges-2666-2026-11.pdf', contentType: 'application/pdf', content: Buffer.alloc(25_400) }] });
    const list = await request(web.getHttpServer()).get('/dev/mailbox').expect(200);
    const id = new RegExp(`href="/dev/mailbox/([0-9a-f-]{36})"[^>]*>\\s*${subject}`).exec(decoded(list.text))?.[1];
    expect(id).toBeDefined();
    const page = await request(web.getHttpServer()).get(`/dev/mailbox/${id}`).expect(200);
    expect(decoded(page.text)).toMatch(/<h2>Вложения<\/h2>\s*<ul class="mail-attachments"><li>charges-2666-2026-11\.pdf \(application\/pdf, 25400 байт\)<\/li><\/ul>/);
  });
});

describe('in production', () => {
  it('has no development mailbox, and marks the session cookie Secure', async () => {
    const config = await testConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:1', SESSION_SECRET: 'r4Jd0C8m6Gx1Yp2QbT9vWcZ3nH5sK7fLqE+uA/oN0iVjXyMz8gRkP1tBw2e3Dh4F', TRUST_PROXY: 'loopback' });
    const web = await startWeb(config);
    try {
      await request(web.getHttpServer()).get('/dev/mailbox').expect(404);
      const login = await request(web.getHttpServer()).get('/login').set('X-Forwarded-Proto', 'https').expect(200);
      expect(String(login.headers['set-cookie'])).toMatch(/Secure/);
      expect(login.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await web.close();
    }
  });
});

describe('worker shutdown', () => {
  it('lets a running e-mail job finish before the worker stops', async () => {
    const smtp = await new SmtpCapture().start();
    smtp.delayMs = 2000;
    const config = await testConfig({ SMTP_URL: smtp.url });
    const worker = await startWorker(config);
    try {
      const mailId = await requestEmail(worker, 'slow@example.kz', 'http://127.0.0.1/z');
      const queue = worker.get<Queue>(getQueueToken(QUEUES.EMAIL), { strict: false });
      await eventually(async () => (await queue.getJob(mailId))?.processedOn !== undefined, 10_000, 'the job to start');
      await worker.close();
      // close() returned only after the job that was running had finished: sent, recorded, once.
      expect(smtp.to('slow@example.kz')).toHaveLength(1);
      const db = new Client({ connectionString: config.databaseUrl });
      await db.connect();
      try {
        const { rows } = await db.query('select status from mail_message where id = $1', [mailId]);
        expect(rows[0].status).toBe('sent');
      } finally {
        await db.end();
      }
    } finally {
      await worker.close().catch(() => undefined);
      await smtp.stop();
    }
  });
});
