import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Notifier } from '@app/notifications';
import { addDays, Clock, DEFAULT_LOCALE, formatLocalDate, localDateOf } from '@app/shared-kernel';
import { SubscriberDirectory } from '@modules/identity';
import { MeterRepository } from '../../../domain/meter.repository';
import { REMINDER_CATCH_UP_DAYS, reminderDue, VERIFICATION_NOTICE_DAYS } from '../../../domain/verification-reminder';
import { VerificationReminderLedger } from '../../../domain/verification-reminder.ledger';
import { SendVerificationReminders, SendVerificationRemindersResult } from './send-verification-reminders.command';

/** The e-mail family of a reminder (metering/interface/web/views/emails). */
export const VERIFICATION_REMINDER_TEMPLATE = 'metering/emails/verification-reminder';

/**
 * For each installed meter whose reminder is due today (reminderDue), and whose contract's cabinet takes
 * these reminders (Identity's SubscriberDirectory): claims the reminder in the ledger and, if this run
 * claimed it, asks for the e-mail, in the subscriber's language. One unit of work: the ledger's rows and
 * the e-mails' requests (outbox) are committed together, so a reminder is neither lost nor sent twice,
 * whatever the number of workers running the job at once.
 */
@CommandHandler(SendVerificationReminders)
export class SendVerificationRemindersHandler implements ICommandHandler<SendVerificationReminders, SendVerificationRemindersResult> {
  constructor(
    private readonly meters: MeterRepository,
    private readonly ledger: VerificationReminderLedger,
    private readonly subscribers: SubscriberDirectory,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<SendVerificationRemindersResult> {
    const now = this.clock.now();
    const today = localDateOf(now);
    const candidates = await this.meters.withVerificationDateBetween(addDays(today, -REMINDER_CATCH_UP_DAYS), addDays(today, VERIFICATION_NOTICE_DAYS));
    const due = candidates.flatMap((meter) => {
      const kind = reminderDue(meter, today);
      return kind ? [{ meter, kind }] : [];
    });
    if (due.length === 0) return { today, sent: 0 };

    const recipients = await this.subscribers.verificationReminderRecipients([...new Set(due.map(({ meter }) => meter.contractNumber))]);
    let sent = 0;
    for (const { meter, kind } of due) {
      for (const recipient of recipients.filter((candidate) => candidate.contractNumber === meter.contractNumber)) {
        const claimed = await this.ledger.claim({ meterId: meter.id, verificationDate: meter.verificationDate!, kind, contractNumber: meter.contractNumber, sentAt: now });
        if (!claimed) continue;
        const locale = recipient.locale ?? DEFAULT_LOCALE;
        await this.notifier.email({
          to: recipient.email,
          template: VERIFICATION_REMINDER_TEMPLATE,
          locale,
          params: {
            name: recipient.name,
            kind,
            factoryNumber: meter.factoryNumber ?? '-',
            waterKey: `metering.emails.verification.water.${meter.water}`,
            accountNumber: meter.accountNumber,
            date: formatLocalDate(meter.verificationDate!, locale),
          },
        });
        sent += 1;
      }
    }
    return { today, sent };
  }
}
