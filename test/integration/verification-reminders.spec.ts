import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { Job, Queue, QueueEvents } from 'bullmq';
import { Client } from 'pg';
import { AppConfig } from '@app/config';
import { bullPrefix, QUEUES, redisOptionsFromUrl } from '@app/messaging';
import { Commands } from '@app/persistence';
import { addDays, Clock, localDateOf } from '@app/shared-kernel';
import { WebModule } from '@app/web';
import { UpsertContract } from '@modules/billing';
import { DemoConfirmation, IdentityCommandsModule, RegisterSubscriber } from '@modules/identity';
import { MeteringWorkerModule, UpsertMeter } from '@modules/metering';
import { CoreModule } from '../../src/core.module';
import { aContract } from '../../src/modules/billing/testing/contract.mother';
import {
  VERIFICATION_REMINDERS_JOB,
  VERIFICATION_REMINDERS_SCHEDULER,
  VerificationRemindersProcessor,
} from '../../src/modules/metering/infrastructure/queue/verification-reminders.processor';
import { SmtpCapture } from '../helpers/smtp-capture';
import { eventually, startWorker } from '../helpers/test-app';
import { testClock, TravellingClock } from '../helpers/test-clock';
import { testConfig } from '../helpers/test-env';

const PASSWORD = 'Reminders-test-password-2026';
/** Reminders on (in Kazakh), and turned off. */
const ON = aContract('legal', { contractNumber: '7301' });
const OFF = aContract('legal', { contractNumber: '7302' });
const EMAIL = { on: 'vk7301@example.kz', off: 'vk7302@example.kz' };
const TEMPLATE = 'metering/emails/verification-reminder';

/** The worker lives at 10:00 local time of the run's day, whatever day the test runs on. */
const clock: Clock = new TravellingClock(new Date(`${localDateOf(testClock().now())}T10:00:00+05:00`));
const today = localDateOf(clock.now());

function meter(meterId: string, contract: typeof ON, verificationDate: string, overrides: Record<string, unknown> = {}) {
  return { meterId, contractNumber: contract.contractNumber, accountNumber: contract.accounts[0].accountNumber, water: 'cold' as const, factoryNumber: `F${meterId}`, verificationDate, state: 'installed' as const, ...overrides };
}

async function seed(config: AppConfig): Promise<void> {
  @Module({ imports: [CoreModule.forRoot(config, 'web', { clock }), WebModule, IdentityCommandsModule, MeteringWorkerModule] })
  class SeedModule {}
  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error'] });
  try {
    const commands = app.get(Commands);
    for (const contract of [ON, OFF]) await commands.execute(new UpsertContract(contract));
    for (const payload of [
      meter('m-advance', ON, addDays(today, 30)), // 30 days before: the advance reminder
      meter('m-due', ON, today, { water: 'hot' }), // its last day: the reminder of the day
      meter('m-later', ON, addDays(today, 31)), // not yet
      meter('m-removed', ON, addDays(today, 10), { state: 'removed' }), // removed: none
      meter('m-off', OFF, addDays(today, 5)), // its subscriber turned them off
    ]) await commands.execute(new UpsertMeter(payload));
    for (const [contract, email] of [[ON, EMAIL.on], [OFF, EMAIL.off]] as const) {
      await commands.execute(
        new RegisterSubscriber({ subscriberType: 'legal', name: `Абонент ${contract.contractNumber}`, email, password: PASSWORD, passwordConfirmation: PASSWORD, iinBin: contract.iinBin, number: contract.contractNumber, invoiceByEmail: false }),
      );
      await app.get(DemoConfirmation).confirm(`vk${contract.contractNumber}`);
    }
  } finally {
    await app.close();
  }
}

describe('verification reminders (job scheduler in the worker)', () => {
  let smtp: SmtpCapture;
  let config: AppConfig;
  let worker: INestApplicationContext;
  let db: Client;

  beforeAll(async () => {
    smtp = await new SmtpCapture().start();
    config = await testConfig({ SMTP_URL: smtp.url, VERIFICATION_REMINDERS_AT: '08:30' });
    await seed(config);
    db = new Client({ connectionString: config.databaseUrl });
    await db.connect();
    await db.query(`update subscriber_account set locale = 'kk' where contract_number = $1`, [ON.contractNumber]);
    await db.query(`update subscriber_account set verification_reminders = false where contract_number = $1`, [OFF.contractNumber]);
    worker = await startWorker(config, { clock });
  });

  afterAll(async () => {
    await db?.end();
    await worker?.close();
    await smtp?.stop();
  });

  const reminderMails = async () => (await db.query(`select recipient, status from mail_message where template = $1 order by recipient`, [TEMPLATE])).rows;
  const ledger = async () =>
    (await db.query(`select meter_id, to_char(verification_date, 'YYYY-MM-DD') as date, kind, contract_number from verification_reminder order by meter_id`)).rows;
  const job = { name: VERIFICATION_REMINDERS_JOB, data: {} } as Job;

  it('keeps one daily job scheduler at the configured local time (UTC+05:00)', async () => {
    const queue = worker.get<Queue>(getQueueToken(QUEUES.SCHEDULED), { strict: false });
    // Upserted in the background at start (never holding the start up while Redis is away).
    const scheduler = await eventually(async () => (await queue.getJobScheduler(VERIFICATION_REMINDERS_SCHEDULER)) ?? undefined, 15_000, 'the scheduler kept');
    expect(scheduler).toMatchObject({ pattern: '30 3 * * *', tz: 'UTC', name: VERIFICATION_REMINDERS_JOB });
    expect((await queue.getJobSchedulers()).map((one) => one.key)).toEqual([VERIFICATION_REMINDERS_SCHEDULER]);
  });

  it('e-mails each due reminder once, however many runs at once and after, in the subscriber\'s language, and none to who turned them off', async () => {
    const processor = worker.get(VerificationRemindersProcessor);
    const concurrent = await Promise.all([processor.process(job), processor.process(job)]);
    expect(concurrent.map((result) => result.today)).toEqual([today, today]);
    expect(concurrent.map((result) => result.sent).sort()).toEqual([0, 2]);
    expect(await processor.process(job)).toEqual({ today, sent: 0 });

    // And once more through the queue, as the scheduler's job runs: still nothing new.
    const queue = worker.get<Queue>(getQueueToken(QUEUES.SCHEDULED), { strict: false });
    const events = new QueueEvents(QUEUES.SCHEDULED, { connection: redisOptionsFromUrl(config.redisUrl), prefix: bullPrefix(config.redisPrefix) });
    try {
      await events.waitUntilReady();
      const queued = await queue.add(VERIFICATION_REMINDERS_JOB, {});
      expect(await queued.waitUntilFinished(events, 20_000)).toEqual({ today, sent: 0 });
    } finally {
      await events.close();
    }

    expect(await ledger()).toEqual([
      { meter_id: 'm-advance', date: addDays(today, 30), kind: 'advance', contract_number: ON.contractNumber },
      { meter_id: 'm-due', date: today, kind: 'due', contract_number: ON.contractNumber },
    ]);
    expect((await reminderMails()).map((row) => row.recipient)).toEqual([EMAIL.on, EMAIL.on]);

    const remindersTo = (email: string) => smtp.to(email).filter((mail) => String(mail.subject).includes('Fm-'));
    const reminders = await eventually(() => (remindersTo(EMAIL.on).length >= 2 ? remindersTo(EMAIL.on) : undefined), 20_000, 'the reminders over SMTP');
    expect(reminders.map((mail) => mail.subject).sort()).toEqual([`№ Fm-advance есептеу құралының тексеру мерзімі ${dotted(addDays(today, 30))} аяқталады`, `№ Fm-due есептеу құралын тексерудің соңғы күні: ${dotted(today)}`].sort());
    const advance = reminders.find((mail) => String(mail.subject).includes('Fm-advance'))!;
    expect(advance.text).toContain('Абонент 7301');
    expect(advance.text).toContain(`${config.publicUrl.origin}/cabinet/subscription`);
    expect(advance.text).toContain('суық су');
    await eventually(async () => (await reminderMails()).every((row) => row.status === 'sent'), 20_000, 'the reminders sent');
    expect(remindersTo(EMAIL.on)).toHaveLength(2);
    expect(remindersTo(EMAIL.off)).toEqual([]);
  });
});

/** "2026-12-20" → "20.12.2026", as Russian and Kazakh write a date. */
function dotted(date: string): string {
  return date.split('-').reverse().join('.');
}
