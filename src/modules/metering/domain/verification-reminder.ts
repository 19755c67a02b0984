import { addDays } from '@app/shared-kernel';
import { isWorking, type MeterStanding } from './meter.aggregate';

/** How many days before a meter's verification date the subscriber is told (the page's notice, the e-mail). */
export const VERIFICATION_NOTICE_DAYS = 30;
/**
 * How many days after its day a reminder that was not sent (no worker ran that day) is still sent: the
 * e-mails name the date, so a late one is still true.
 */
export const REMINDER_CATCH_UP_DAYS = 3;

/** Where a working meter stands with its verification date on `today`: ends within the notice days, ends today, or has ended. */
export type VerificationStanding = 'soon' | 'today' | 'overdue';

/**
 * The readings page's notice. A meter may be used up to and including its verification date
 * (Meter's rule), so on that day it is 'today' and from the next one 'overdue'. A removed meter or one
 * without a date has no notice.
 */
export function verificationStanding(meter: Pick<MeterStanding, 'state' | 'verificationDate'>, today: string): VerificationStanding | null {
  const date = meter.verificationDate;
  if (!isWorking(meter) || date === null) return null;
  if (date < today) return 'overdue';
  if (date === today) return 'today';
  return date <= addDays(today, VERIFICATION_NOTICE_DAYS) ? 'soon' : null;
}

/**
 * The two e-mails of a verification date: 'advance', VERIFICATION_NOTICE_DAYS days before it, and
 * 'due', on the day itself (its last day of use). At most one of each is sent per meter and date.
 */
export type ReminderKind = 'advance' | 'due';

/**
 * The reminder a working meter is due on `today`, if any: 'advance' from VERIFICATION_NOTICE_DAYS days
 * before its verification date to the day before it; 'due' on that date and up to
 * REMINDER_CATCH_UP_DAYS days after it (the day's run missed). Whether it was sent already is the
 * sender's ledger's business (one per meter, date and kind).
 */
export function reminderDue(meter: Pick<MeterStanding, 'state' | 'verificationDate'>, today: string): ReminderKind | null {
  const date = meter.verificationDate;
  if (!isWorking(meter) || date === null) return null;
  if (today >= addDays(date, -VERIFICATION_NOTICE_DAYS) && today < date) return 'advance';
  if (today >= date && today <= addDays(date, REMINDER_CATCH_UP_DAYS)) return 'due';
  return null;
}
