import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@app/shared-kernel';
import { IdentityErrors } from '../../../domain/identity.errors';
import { SubscriberAccountRepository } from '../../../domain/subscriber-account.repository';
import { ChangeSubscription, SubscriptionChoice } from './change-subscription.command';

/** Stores the choices; when the invoice's changed, `subscription.changed` goes to the back office. */
@CommandHandler(ChangeSubscription)
export class ChangeSubscriptionHandler implements ICommandHandler<ChangeSubscription, SubscriptionChoice> {
  constructor(
    private readonly accounts: SubscriberAccountRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ subscriberId, invoiceByEmail, verificationReminders }: ChangeSubscription): Promise<SubscriptionChoice> {
    const account = await this.accounts.byId(subscriberId);
    if (!account) throw IdentityErrors.unauthenticated();
    const invoiceChanged = account.changeSubscription(invoiceByEmail, this.clock.now());
    const remindersChanged = verificationReminders !== undefined && account.chooseVerificationReminders(verificationReminders);
    return { changed: invoiceChanged || remindersChanged, invoiceByEmail: account.invoiceByEmail, verificationReminders: account.verificationReminders };
  }
}
