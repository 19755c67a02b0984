import type { Locale } from '@app/shared-kernel';

/**
 * Who is signed in, as every context's pages and API see them. For an individual, contractNumber is
 * the personal account number (SPEC §4).
 */
export interface AuthenticatedSubscriber {
  subscriberId: string;
  login: string;
  subscriberType: 'legal' | 'individual';
  contractNumber: string;
  accountNumber: string | null;
  name: string;
  email: string;
  /** The language stored in the account (the last one chosen), null when they never chose one. */
  locale: Locale | null;
}
