import { randomUUID } from 'node:crypto';
import { AggregateRoot, Locale } from '@app/shared-kernel';
import { IdentityErrors } from './identity.errors';
import { checkToken, IssuedToken } from './one-time-token';
import { SubscriberEmailChanged, SubscriberRef, SubscriberRegistered, SubscriptionChanged } from './subscriber.events';
import { loginFor, normalizeLogin, SubscriberType } from './subscriber-login';
import { sameEmail } from './email-address';

export type AccountStatus = 'unconfirmed' | 'active';

export interface RegistrationData {
  subscriberType: SubscriberType;
  /** For an individual: the personal account number (SPEC §4). */
  contractNumber: string;
  name: string;
  iinBin: string;
  email: string;
  invoiceByEmail: boolean;
  /** The language of the registration form: the subscriber's until they choose another. */
  locale: Locale;
}

/**
 * A subscriber's cabinet: one per contract (legal entity) or personal account (individual). Holds the
 * password hash and the hashes of the single-use secrets sent by e-mail: the registration link, the
 * e-mail change link and the password recovery check word (a newer one replaces the older).
 */
export class SubscriberAccount extends AggregateRoot {
  id!: string;
  login!: string;
  subscriberType!: SubscriberType;
  contractNumber!: string;
  accountNumber!: string | null;
  name!: string;
  iinBin!: string;
  email!: string;
  passwordHash!: string;
  status!: AccountStatus;
  invoiceByEmail!: boolean;
  /** «Получать напоминания о поверке счётчиков на email»: on unless the subscriber turned them off. */
  verificationReminders!: boolean;
  createdAt!: Date;
  confirmedAt!: Date | null;
  passwordChangedAt!: Date | null;
  confirmationHash!: string | null;
  confirmationExpiresAt!: Date | null;
  recoveryHash!: string | null;
  recoveryExpiresAt!: Date | null;
  pendingEmail!: string | null;
  emailChangeHash!: string | null;
  emailChangeExpiresAt!: Date | null;
  /** The subscriber's language, for pages after a login and for every e-mail and PDF; null for an account older than the choice. */
  locale!: Locale | null;

  static register(data: RegistrationData, passwordHash: string, confirmation: IssuedToken, now: Date): SubscriberAccount {
    const account = new SubscriberAccount();
    account.id = randomUUID();
    account.subscriberType = data.subscriberType;
    account.contractNumber = data.contractNumber;
    account.accountNumber = data.subscriberType === 'individual' ? data.contractNumber : null;
    account.login = loginFor(data.subscriberType, data.contractNumber);
    account.name = data.name;
    account.iinBin = data.iinBin;
    account.email = data.email;
    account.passwordHash = passwordHash;
    account.status = 'unconfirmed';
    account.invoiceByEmail = data.invoiceByEmail;
    account.verificationReminders = true;
    account.createdAt = now;
    account.confirmedAt = null;
    account.passwordChangedAt = null;
    account.confirmationHash = confirmation.hash;
    account.confirmationExpiresAt = confirmation.expiresAt;
    account.recoveryHash = null;
    account.recoveryExpiresAt = null;
    account.pendingEmail = null;
    account.emailChangeHash = null;
    account.emailChangeExpiresAt = null;
    account.locale = data.locale;
    account.raise(
      new SubscriberRegistered(
        account.ref(),
        { name: account.name, iinBin: account.iinBin, email: account.email, invoiceByEmail: account.invoiceByEmail },
        now,
      ),
    );
    return account;
  }

  ref(): SubscriberRef {
    return {
      subscriberId: this.id,
      login: this.login,
      subscriberType: this.subscriberType,
      contractNumber: this.contractNumber,
      accountNumber: this.accountNumber,
    };
  }

  isConfirmed(): boolean {
    return this.status === 'active';
  }

  hasLogin(login: string): boolean {
    return this.login === normalizeLogin(login);
  }

  /** A new registration link (resend); the previous one stops working. */
  reissueConfirmation(confirmation: IssuedToken): void {
    if (this.isConfirmed()) throw IdentityErrors.alreadyConfirmed();
    this.confirmationHash = confirmation.hash;
    this.confirmationExpiresAt = confirmation.expiresAt;
  }

  /** The registration link was followed: the account becomes active, and the link is spent. */
  confirm(presentedHash: string, now: Date): void {
    const check = checkToken({ hash: this.confirmationHash, expiresAt: this.confirmationExpiresAt }, presentedHash, now);
    if (check === 'invalid') throw IdentityErrors.linkInvalid();
    if (check === 'expired') throw IdentityErrors.linkExpired();
    this.status = 'active';
    this.confirmedAt = now;
    this.confirmationHash = null;
    this.confirmationExpiresAt = null;
  }

  /** Checked after the password matched, so that it tells nothing to someone who does not know it. */
  assertCanLogIn(): void {
    if (!this.isConfirmed()) throw IdentityErrors.notConfirmed();
  }

  /** A password recovery request: a new check word, which voids any older one. */
  requestRecovery(checkword: IssuedToken): void {
    this.recoveryHash = checkword.hash;
    this.recoveryExpiresAt = checkword.expiresAt;
  }

  /**
   * The change form of the recovery (Рисунок 8): IIN/BIN, account or contract number, login and check
   * word must all match. The check word works once. Following it proves the e-mail, so an account
   * still waiting for its confirmation becomes active.
   */
  resetPassword(
    presented: { iinBin: string; contractOrAccount: string; login: string; checkwordHash: string },
    newPasswordHash: string,
    now: Date,
  ): void {
    const check = checkToken({ hash: this.recoveryHash, expiresAt: this.recoveryExpiresAt }, presented.checkwordHash, now);
    if (check === 'invalid') throw IdentityErrors.checkwordInvalid();
    if (check === 'expired') throw IdentityErrors.checkwordExpired();
    const number = presented.contractOrAccount.trim();
    const numberMatches = number === this.contractNumber || (this.accountNumber !== null && number === this.accountNumber);
    if (presented.iinBin.trim() !== this.iinBin || !numberMatches || !this.hasLogin(presented.login)) {
      throw IdentityErrors.recoveryDataMismatch();
    }
    this.recoveryHash = null;
    this.recoveryExpiresAt = null;
    this.passwordHash = newPasswordHash;
    this.passwordChangedAt = now;
    if (!this.isConfirmed()) {
      this.status = 'active';
      this.confirmedAt = now;
      this.confirmationHash = null;
      this.confirmationExpiresAt = null;
    }
  }

  /** «Изменение пароля»: the current password was verified by the caller. */
  changePassword(newPasswordHash: string, now: Date): void {
    this.passwordHash = newPasswordHash;
    this.passwordChangedAt = now;
    this.recoveryHash = null;
    this.recoveryExpiresAt = null;
  }

  /** «Изменение email»: the new address takes effect only when the link sent to it is followed. */
  requestEmailChange(newEmail: string, link: IssuedToken): void {
    if (sameEmail(newEmail, this.email)) {
      throw IdentityErrors.emailUnchanged();
    }
    this.pendingEmail = newEmail;
    this.emailChangeHash = link.hash;
    this.emailChangeExpiresAt = link.expiresAt;
  }

  /** The link sent to the new address was followed: it becomes the account's e-mail. Returns the old one. */
  confirmEmailChange(presentedHash: string, now: Date): string {
    const check = checkToken({ hash: this.emailChangeHash, expiresAt: this.emailChangeExpiresAt }, presentedHash, now);
    if (check === 'invalid' || !this.pendingEmail) throw IdentityErrors.linkInvalid();
    if (check === 'expired') throw IdentityErrors.linkExpired();
    const previous = this.email;
    this.email = this.pendingEmail;
    this.pendingEmail = null;
    this.emailChangeHash = null;
    this.emailChangeExpiresAt = null;
    this.raise(new SubscriberEmailChanged(this.ref(), previous, this.email, now));
    return previous;
  }

  /** The language switch, used while signed in (or just before the login): returns whether it changed. */
  chooseLocale(locale: Locale): boolean {
    if (this.locale === locale) return false;
    this.locale = locale;
    return true;
  }

  /** The language of an e-mail to this subscriber: their own, or `fallback` (the page's) if they never chose one. */
  localeOr(fallback: Locale): Locale {
    return this.locale ?? fallback;
  }

  /**
   * «Редактирование подписки»: whether the reminders of the meters' verification dates come by e-mail.
   * The cabinet's own notice: the back office is not told (no subscription.changed).
   */
  chooseVerificationReminders(on: boolean): boolean {
    if (this.verificationReminders === on) return false;
    this.verificationReminders = on;
    return true;
  }

  /** «Редактирование подписки»: whether the invoice («счёт-извещение») comes by e-mail. */
  changeSubscription(invoiceByEmail: boolean, now: Date): boolean {
    if (this.invoiceByEmail === invoiceByEmail) return false;
    this.invoiceByEmail = invoiceByEmail;
    this.raise(new SubscriptionChanged(this.ref(), this.email, invoiceByEmail, now));
    return true;
  }
}
