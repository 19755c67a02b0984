import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Notifier } from '@app/notifications';
import { Clock, formatLocalMoment } from '@app/shared-kernel';
import { IdentityErrors } from '../../../domain/identity.errors';
import { SubscriberAccountRepository } from '../../../domain/subscriber-account.repository';
import { SubscriberSessions } from '../../ports/subscriber-sessions';
import { hashToken } from '../../secret-links';
import { ConfirmEmailChange } from './confirm-email-change.command';

/** The new address takes effect (`subscriber.email-changed` goes out); the old address is told; every other session ends. */
@CommandHandler(ConfirmEmailChange)
export class ConfirmEmailChangeHandler implements ICommandHandler<ConfirmEmailChange, { email: string }> {
  constructor(
    private readonly accounts: SubscriberAccountRepository,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
    private readonly sessions: SubscriberSessions,
  ) {}

  async execute({ token, locale, keep }: ConfirmEmailChange): Promise<{ email: string }> {
    const hash = hashToken(token.trim());
    const account = token.trim() ? await this.accounts.byEmailChangeHash(hash) : null;
    if (!account) throw IdentityErrors.linkInvalid();
    const now = this.clock.now();
    const previous = account.confirmEmailChange(hash, now);
    // Whoever signed in knowing the old address (and perhaps reset a password through it) is signed out.
    await this.sessions.endAll(account.id, keep);
    const language = account.localeOr(locale);
    await this.notifier.email({
      to: previous,
      template: 'identity/emails/email-changed',
      locale: language,
      params: { name: account.name, login: account.login, email: account.email, at: formatLocalMoment(now, language) },
    });
    return { email: account.email };
  }
}
