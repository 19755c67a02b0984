import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Notifier } from '@app/notifications';
import { checkedOrWithdrawn, PasswordHasher } from '@app/security';
import { Clock, DomainError, formatLocalMoment } from '@app/shared-kernel';
import { IdentityErrors } from '../../../domain/identity.errors';
import { PasswordPolicy } from '../../../domain/password-policy';
import { SubscriberAccountRepository } from '../../../domain/subscriber-account.repository';
import { LoginThrottle } from '../../ports/login-throttle';
import { SubscriberSessions } from '../../ports/subscriber-sessions';
import { ChangePassword } from './change-password.command';

/** The current password is required; afterwards every other session and API token of the account ends. */
@CommandHandler(ChangePassword)
export class ChangePasswordHandler implements ICommandHandler<ChangePassword, void> {
  constructor(
    private readonly accounts: SubscriberAccountRepository,
    private readonly policy: PasswordPolicy,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SubscriberSessions,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
    private readonly throttle: LoginThrottle,
  ) {}

  async execute({ subscriberId, input, keep, locale, clientAddress }: ChangePassword): Promise<void> {
    const account = await this.accounts.byId(subscriberId);
    if (!account) throw IdentityErrors.unauthenticated();
    const errors: DomainError[] = [];
    if (input.currentPassword === '') errors.push(IdentityErrors.fieldRequired('currentPassword'));
    else {
      // The current password is a password check like a login: counted before it is verified.
      const attempt = await this.throttle.attempt(account.login, clientAddress);
      if (!attempt.allowed) throw IdentityErrors.tooManyAttempts(attempt.retryAfterSeconds);
      const ok = await checkedOrWithdrawn(this.throttle, attempt.ticket, () => this.hasher.verify(account.passwordHash, input.currentPassword));
      if (ok) await this.throttle.succeeded(attempt.ticket);
      else errors.push(IdentityErrors.currentPasswordWrong('currentPassword'));
    }
    errors.push(
      ...this.policy.checkWithConfirmation(
        input.newPassword,
        input.newPasswordConfirmation,
        { login: account.login, email: account.email, name: account.name, contractNumber: account.contractNumber },
        { password: 'newPassword', confirmation: 'newPasswordConfirmation' },
      ),
    );
    if (errors.length > 0) throw IdentityErrors.changeInvalid(errors);
    const now = this.clock.now();
    account.changePassword(await this.hasher.hash(input.newPassword), now);
    await this.sessions.endAll(account.id, keep);
    const language = account.localeOr(locale);
    await this.notifier.email({
      to: account.email,
      template: 'identity/emails/password-changed',
      locale: language,
      params: { name: account.name, login: account.login, at: formatLocalMoment(now, language), how: 'cabinet' },
    });
  }
}
