import { EntitySchema } from '@mikro-orm/core';
import { VerificationReminderSent } from '../../domain/verification-reminder-sent';

/** The ledger of verification reminders (written with plain SQL: PgVerificationReminderLedger). */
export const VerificationReminderSentSchema = new EntitySchema<VerificationReminderSent>({
  class: VerificationReminderSent,
  tableName: 'verification_reminder',
  forceConstructor: true,
  properties: {
    meterId: { type: 'text', primary: true },
    verificationDate: { type: 'date', primary: true },
    kind: { type: 'text', primary: true },
    contractNumber: { type: 'text' },
    sentAt: { type: 'datetime' },
  },
});
