import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Notifier } from '@app/notifications';
import { Clock } from '@app/shared-kernel';
import { RECOVERY_TTL_MS } from '../../../domain/one-time-token';
import { SubscriberAccount } from '../../../domain/subscriber-account.aggregate';
import { SubscriberAccountRepository } from '../../../domain/subscriber-account.repository';
import { MailRequestLimit } from '../../ports/mail-request-limit';
import { issueSecret } from '../../secret-links';
import { RequestPasswordRecovery } from './request-password-recovery.command';

/**
 * Sends the e-mail of Рисунок 7 with a new check word (valid one hour, voiding older ones) to every
 * account the login or e-mail names, at most a few times per account in a window (MailRequestLimit).
 * Returns nothing, so that the page answers the same either way.
 */
@CommandHandler(RequestPasswordRecovery)
export class RequestPasswordRecoveryHandler implements ICommandHandler<RequestPasswordRecovery, void> {
  constructor(
    private readonly accounts: SubscriberAccountRepository,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
    private readonly limit: MailRequestLimit,
  ) {}

  async execute({ loginOrEmail, locale }: RequestPasswordRecovery): Promise<void> {
    const given = loginOrEmail.trim();
    if (given === '' || given.length > 254) return;
    const byLogin = given.includes('@') ? null : await this.accounts.byLogin(given);
    const found: SubscriberAccount[] = byLogin ? [byLogin] : given.includes('@') ? await this.accounts.byEmail(given) : [];
    for (const account of found) {
      if (!(await this.limit.allow('recovery', account.id))) continue;
      const { secret, issued } = issueSecret(this.clock.now(), RECOVERY_TTL_MS);
      account.requestRecovery(issued);
      await this.notifier.email({
        to: account.email,
        template: 'identity/emails/password-recovery',
        locale: account.localeOr(locale),
        params: {
          link: `/password/reset?checkword=${secret}&login=${encodeURIComponent(account.login)}`,
          userId: account.id,
          active: account.isConfirmed(),
          login: account.login,
        },
      });
    }
  }
}
