import type { ReminderKind } from './verification-reminder';

/**
 * The ledger of verification reminders: one row per meter, verification date and kind, written in the
 * same transaction as the e-mail's request, so that a reminder is sent at most once however many
 * workers run the job (the primary key refuses the second).
 */
export class VerificationReminderSent {
  meterId!: string;
  /** "YYYY-MM-DD": the verification date the reminder is about (a new date is reminded of anew). */
  verificationDate!: string;
  kind!: ReminderKind;
  contractNumber!: string;
  sentAt!: Date;
}
