import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Notifier } from '@app/notifications';
import { Clock, DomainError } from '@app/shared-kernel';
import { parseEmail } from '../../../domain/email-address';
import { IdentityErrors } from '../../../domain/identity.errors';
import { EMAIL_CHANGE_TTL_MS } from '../../../domain/one-time-token';
import { SubscriberAccountRepository } from '../../../domain/subscriber-account.repository';
import { issueSecret } from '../../secret-links';
import { RequestEmailChange } from './request-email-change.command';

@CommandHandler(RequestEmailChange)
export class RequestEmailChangeHandler implements ICommandHandler<RequestEmailChange, { pendingEmail: string }> {
  constructor(
    private readonly accounts: SubscriberAccountRepository,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
  ) {}

  async execute({ subscriberId, newEmail, locale }: RequestEmailChange): Promise<{ pendingEmail: string }> {
    const account = await this.accounts.byId(subscriberId);
    if (!account) throw IdentityErrors.unauthenticated();
    const email = parseEmail(newEmail, 'email');
    if (email instanceof DomainError) throw email;
    const { secret, issued } = issueSecret(this.clock.now(), EMAIL_CHANGE_TTL_MS);
    account.requestEmailChange(email, issued);
    await this.notifier.email({
      to: email,
      template: 'identity/emails/confirm-email-change',
      locale: account.localeOr(locale),
      params: { name: account.name, login: account.login, link: `/cabinet/email/confirm?token=${secret}`, hours: EMAIL_CHANGE_TTL_MS / 3600_000 },
    });
    return { pendingEmail: email };
  }
}
