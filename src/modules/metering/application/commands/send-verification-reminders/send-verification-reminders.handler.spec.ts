import { Notifier } from '@app/notifications';
import { FixedClock } from '@app/shared-kernel/testing';
import { NoticeRecipient, SubscriberDirectory } from '@modules/identity';
import { aMeter } from '../../../testing/meter.mother';
import { InMemoryMetering } from '../../../testing/in-memory-metering.repositories';
import { SendVerificationRemindersHandler, VERIFICATION_REMINDER_TEMPLATE } from './send-verification-reminders.handler';

type EmailRequest = Parameters<Notifier['email']>[0];

class RecordingNotifier extends Notifier {
  readonly sent: EmailRequest[] = [];
  async email(request: EmailRequest): Promise<string> {
    this.sent.push(request);
    return `mail-${this.sent.length}`;
  }
}

class Subscribers extends SubscriberDirectory {
  constructor(private readonly recipients: NoticeRecipient[]) {
    super();
  }
  async verificationReminderRecipients(contractNumbers: readonly string[]) {
    return this.recipients.filter((recipient) => contractNumbers.includes(recipient.contractNumber));
  }
}

describe('SendVerificationReminders', () => {
  // 20 November 2026, 10:00 in Kazakhstan.
  const clock = new FixedClock(new Date('2026-11-20T05:00:00Z'));
  let store: InMemoryMetering;
  let notifier: RecordingNotifier;
  let handler: SendVerificationRemindersHandler;

  beforeEach(() => {
    store = new InMemoryMetering();
    notifier = new RecordingNotifier();
    const subscribers = new Subscribers([
      { contractNumber: '2666', email: 'buh@example.kz', name: 'ТОО «Демо»', locale: 'kk' },
      { contractNumber: '04008220', email: 'ivanov@example.kz', name: 'Иванов И. И.', locale: null },
    ]);
    handler = new SendVerificationRemindersHandler(store.meterRepository, store.reminderLedger, subscribers, notifier, clock);
    for (const meter of [
      aMeter({ meterId: 'advance', verificationDate: '2026-12-20' }), // in 30 days
      aMeter({ meterId: 'due', verificationDate: '2026-11-20', water: 'hot' }), // today
      aMeter({ meterId: 'late', verificationDate: '2026-11-17' }), // three days ago: the day's run missed
      aMeter({ meterId: 'too-late', verificationDate: '2026-11-16' }),
      aMeter({ meterId: 'not-yet', verificationDate: '2026-12-21' }),
      aMeter({ meterId: 'removed', verificationDate: '2026-12-01', state: 'removed' }),
      aMeter({ meterId: 'no-cabinet', contractNumber: '3120', verificationDate: '2026-12-01' }),
      aMeter({ meterId: 'household', contractNumber: '04008220', accountNumber: '04008220', verificationDate: '2026-12-05' }),
    ]) store.meters.set(meter.id, meter);
  });

  async function run() {
    const result = await handler.execute();
    store.commit();
    return result;
  }

  it("asks for one e-mail per due reminder, in the subscriber's language, and for none again", async () => {
    expect(await run()).toEqual({ today: '2026-11-20', sent: 4 });
    expect(notifier.sent.map((mail) => [mail.to, mail.locale, mail.params.kind, mail.params.date, mail.params.factoryNumber])).toEqual([
      ['buh@example.kz', 'kk', 'advance', '20.12.2026', '12223773'],
      ['buh@example.kz', 'kk', 'due', '20.11.2026', '12223773'],
      ['ivanov@example.kz', 'ru', 'advance', '05.12.2026', '12223773'],
      ['buh@example.kz', 'kk', 'due', '17.11.2026', '12223773'],
    ]);
    expect(notifier.sent.every((mail) => mail.template === VERIFICATION_REMINDER_TEMPLATE)).toBe(true);
    expect(notifier.sent[1].params.waterKey).toBe('metering.emails.verification.water.hot');
    expect([...store.remindersSent.keys()].sort()).toEqual(['advance/2026-12-20/advance', 'due/2026-11-20/due', 'household/2026-12-05/advance', 'late/2026-11-17/due']);

    expect(await run()).toEqual({ today: '2026-11-20', sent: 0 });
    expect(notifier.sent).toHaveLength(4);
  });

  it('reminds of a new verification date anew, and on the date after the one 30 days before', async () => {
    await run();
    clock.set(new Date('2026-12-20T05:00:00Z'));
    expect(await run()).toMatchObject({ today: '2026-12-20', sent: 2 });
    expect(notifier.sent.slice(-2).map((mail) => [mail.params.kind, mail.params.date])).toEqual([
      ['due', '20.12.2026'],
      ['advance', '21.12.2026'],
    ]);
    store.meters.get('due')!.verificationDate = '2027-01-10';
    expect(await run()).toMatchObject({ sent: 1 });
    expect(notifier.sent.at(-1)?.params).toMatchObject({ kind: 'advance', date: '10.01.2027' });
  });
});
