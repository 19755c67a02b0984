import type { VerificationReminderSent } from './verification-reminder-sent';

/** Port: the reminders of verification dates sent, one per meter, verification date and kind. */
export abstract class VerificationReminderLedger {
  /**
   * Records the reminder in the current unit of work, unless one of the same meter, date and kind was
   * recorded before (by this run or another, committed or committing: it waits for the other's outcome).
   * True when this call recorded it: then, and only then, is the e-mail to be sent.
   */
  abstract claim(reminder: VerificationReminderSent): Promise<boolean>;
}
