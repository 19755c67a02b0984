import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Notifier } from '@app/notifications';
import { PasswordHasher } from '@app/security';
import { Clock, DomainError, formatLocalMoment } from '@app/shared-kernel';
import { IdentityErrors } from '../../../domain/identity.errors';
import { PasswordPolicy } from '../../../domain/password-policy';
import { SubscriberAccountRepository } from '../../../domain/subscriber-account.repository';
import { SubscriberSessions } from '../../ports/subscriber-sessions';
import { hashToken } from '../../secret-links';
import { ResetPassword } from './reset-password.command';

/**
 * All of IIN/BIN, account or contract, login and check word must match one account; the check word
 * works once. Then every session and API token of the account ends and a notice e-mail goes out.
 */
@CommandHandler(ResetPassword)
export class ResetPasswordHandler implements ICommandHandler<ResetPassword, void> {
  constructor(
    private readonly accounts: SubscriberAccountRepository,
    private readonly policy: PasswordPolicy,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SubscriberSessions,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
  ) {}

  async execute({ input, locale }: ResetPassword): Promise<void> {
    const errors: DomainError[] = [];
    for (const field of ['iinBin', 'contractOrAccount', 'login', 'checkword'] as const) {
      if (input[field].trim() === '') errors.push(IdentityErrors.fieldRequired(field));
    }
    const account = input.login.trim() ? await this.accounts.byLogin(input.login) : null;
    errors.push(...this.policy.checkWithConfirmation(input.password, input.passwordConfirmation, { login: input.login, email: account?.email, name: account?.name, contractNumber: account?.contractNumber }));
    if (errors.length > 0) throw IdentityErrors.changeInvalid(errors);
    if (!account) throw IdentityErrors.recoveryDataMismatch();

    const now = this.clock.now();
    account.resetPassword(
      { iinBin: input.iinBin, contractOrAccount: input.contractOrAccount, login: input.login, checkwordHash: hashToken(input.checkword.trim()) },
      await this.hasher.hash(input.password),
      now,
    );
    await this.sessions.endAll(account.id);
    const language = account.localeOr(locale);
    await this.notifier.email({
      to: account.email,
      template: 'identity/emails/password-changed',
      locale: language,
      params: { name: account.name, login: account.login, at: formatLocalMoment(now, language), how: 'recovery' },
    });
  }
}
