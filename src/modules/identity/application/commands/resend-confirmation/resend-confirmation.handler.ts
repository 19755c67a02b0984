import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Notifier } from '@app/notifications';
import { Clock } from '@app/shared-kernel';
import { CONFIRMATION_TTL_MS } from '../../../domain/one-time-token';
import { SubscriberAccountRepository } from '../../../domain/subscriber-account.repository';
import { MailRequestLimit } from '../../ports/mail-request-limit';
import { issueSecret } from '../../secret-links';
import { ResendConfirmation } from './resend-confirmation.command';

/** Answers nothing either way (the caller shows the same text), so it tells no one which logins exist. */
@CommandHandler(ResendConfirmation)
export class ResendConfirmationHandler implements ICommandHandler<ResendConfirmation, void> {
  constructor(
    private readonly accounts: SubscriberAccountRepository,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
    private readonly limit: MailRequestLimit,
  ) {}

  async execute({ login, locale }: ResendConfirmation): Promise<void> {
    const account = login.trim() ? await this.accounts.byLogin(login) : null;
    if (!account || account.isConfirmed()) return;
    if (!(await this.limit.allow('resend-confirmation', account.id))) return;
    const { secret, issued } = issueSecret(this.clock.now(), CONFIRMATION_TTL_MS);
    account.reissueConfirmation(issued);
    await this.notifier.email({
      to: account.email,
      template: 'identity/emails/confirm-registration',
      locale: account.localeOr(locale),
      params: { name: account.name, login: account.login, link: `/register/confirm?token=${secret}`, hours: CONFIRMATION_TTL_MS / 3600_000 },
    });
  }
}
