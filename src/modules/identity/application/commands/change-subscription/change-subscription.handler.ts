import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@app/shared-kernel';
import { IdentityErrors } from '../../../domain/identity.errors';
import { SubscriberAccountRepository } from '../../../domain/subscriber-account.repository';
import { ChangeSubscription } from './change-subscription.command';

/** Stores the choice; when it changed, `subscription.changed` goes to the back office. */
@CommandHandler(ChangeSubscription)
export class ChangeSubscriptionHandler implements ICommandHandler<ChangeSubscription, { changed: boolean }> {
  constructor(
    private readonly accounts: SubscriberAccountRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ subscriberId, invoiceByEmail }: ChangeSubscription): Promise<{ changed: boolean }> {
    const account = await this.accounts.byId(subscriberId);
    if (!account) throw IdentityErrors.unauthenticated();
    return { changed: account.changeSubscription(invoiceByEmail, this.clock.now()) };
  }
}
