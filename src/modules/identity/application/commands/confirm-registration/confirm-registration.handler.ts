import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@app/shared-kernel';
import { IdentityErrors } from '../../../domain/identity.errors';
import { SubscriberAccountRepository } from '../../../domain/subscriber-account.repository';
import { hashToken } from '../../secret-links';
import { ConfirmRegistration } from './confirm-registration.command';

@CommandHandler(ConfirmRegistration)
export class ConfirmRegistrationHandler implements ICommandHandler<ConfirmRegistration, { login: string }> {
  constructor(
    private readonly accounts: SubscriberAccountRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ token }: ConfirmRegistration): Promise<{ login: string }> {
    const hash = hashToken(token.trim());
    const account = token.trim() ? await this.accounts.byConfirmationHash(hash) : null;
    if (!account) throw IdentityErrors.linkInvalid();
    account.confirm(hash, this.clock.now());
    return { login: account.login };
  }
}
