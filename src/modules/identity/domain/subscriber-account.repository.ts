import type { SubscriberAccount } from './subscriber-account.aggregate';

/** Port: where subscriber accounts are kept. */
export abstract class SubscriberAccountRepository {
  abstract add(account: SubscriberAccount): void;
  abstract byId(id: string): Promise<SubscriberAccount | null>;
  abstract byLogin(login: string): Promise<SubscriberAccount | null>;
  /**
   * The account of a login as it is now, for checks that change nothing (logging in): a snapshot that no
   * unit of work tracks, so changing it saves nothing. Cheaper than `byLogin` on the hottest read.
   */
  abstract snapshotByLogin(login: string): Promise<SubscriberAccount | null>;
  /** Every account with this e-mail (case-insensitive): one person may hold several contracts. */
  abstract byEmail(email: string): Promise<SubscriberAccount[]>;
  abstract byConfirmationHash(hash: string): Promise<SubscriberAccount | null>;
  abstract byEmailChangeHash(hash: string): Promise<SubscriberAccount | null>;
}
