/**
 * The verification reminders due today (the utility's local date by the Clock): an e-mail 30 days
 * before a meter's verification date and one on the date, each at most once. Run by the worker's job
 * scheduler (VerificationRemindersScheduler), daily.
 */
export class SendVerificationReminders {}

export interface SendVerificationRemindersResult {
  /** The local date the reminders were due on. */
  today: string;
  /** E-mails requested by this run. */
  sent: number;
}
