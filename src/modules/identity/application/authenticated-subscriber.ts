import type { AuthenticatedSubscriber } from '@app/web';
import type { SubscriberAccount } from '../domain/subscriber-account.aggregate';

/** The signed-in subscriber (libs/web's view of who is signed in) of an account that has just logged in. */
export function toAuthenticatedSubscriber(account: SubscriberAccount): AuthenticatedSubscriber {
  return {
    subscriberId: account.id,
    login: account.login,
    subscriberType: account.subscriberType,
    contractNumber: account.contractNumber,
    accountNumber: account.accountNumber,
    name: account.name,
    email: account.email,
    locale: account.locale,
  };
}

/** The owner key of a subscriber's web sessions (SessionService indexes sessions by it). */
export function sessionOwnerKey(subscriberId: string): string {
  return `subscriber:${subscriberId}`;
}
