import type { SubscriberAccount } from '../domain/subscriber-account.aggregate';
import type { SubscriberType } from '../domain/subscriber-login';

/**
 * Who is signed in, as every context's pages and API see them (agreed interface). For an individual,
 * contractNumber is the personal account number (SPEC §4).
 */
export interface AuthenticatedSubscriber {
  subscriberId: string;
  login: string;
  subscriberType: SubscriberType;
  contractNumber: string;
  accountNumber: string | null;
  name: string;
  email: string;
}

export function toAuthenticatedSubscriber(account: SubscriberAccount): AuthenticatedSubscriber {
  return {
    subscriberId: account.id,
    login: account.login,
    subscriberType: account.subscriberType,
    contractNumber: account.contractNumber,
    accountNumber: account.accountNumber,
    name: account.name,
    email: account.email,
  };
}

/** The owner key of a subscriber's web sessions (SessionService indexes sessions by it). */
export function sessionOwnerKey(subscriberId: string): string {
  return `subscriber:${subscriberId}`;
}
