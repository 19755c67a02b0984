/**
 * Port: how often an account may be sent a mail it did not cause itself (recovery, a resent
 * confirmation), so that nobody can flood a subscriber's inbox through the public forms. Beyond the
 * limit the forms answer as usual and no e-mail goes out.
 */
export abstract class MailRequestLimit {
  /** True when one more e-mail of this kind may go to this account now (and counts it). */
  abstract allow(kind: 'recovery' | 'resend-confirmation', accountId: string): Promise<boolean>;
}

/** At most this many such e-mails per account and kind in one window. */
export const MAIL_REQUESTS_PER_WINDOW = 3;
export const MAIL_REQUEST_WINDOW_SECONDS = 15 * 60;
