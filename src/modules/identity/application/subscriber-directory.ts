import type { Locale } from '@app/shared-kernel';

/** A subscriber to send a notice of their contract to. */
export interface NoticeRecipient {
  contractNumber: string;
  email: string;
  name: string;
  /** Their language, or null when they never chose one (the default language then). */
  locale: Locale | null;
}

/**
 * Identity's public facade for other contexts that notify subscribers (a DI token exported by
 * IdentityDirectoryModule): who, of a contract's cabinet, wants which notice.
 */
export abstract class SubscriberDirectory {
  /**
   * The confirmed cabinets of these contracts whose subscribers have not turned the reminders of their
   * meters' verification dates off («Редактирование подписки»).
   */
  abstract verificationReminderRecipients(contractNumbers: readonly string[]): Promise<NoticeRecipient[]>;
}
