import { Injectable } from '@nestjs/common';
import { PlainSql } from '@app/persistence';
import { AuthenticatedSubscriber, SubscriberAuthenticator } from '@app/web';
import { ApiTokenStore } from '../../application/ports/api-token-store';
import { isLocale } from '@app/shared-kernel';
import type { SubscriberType } from '../../domain/subscriber-login';

interface SignedInRow {
  id: string;
  login: string;
  subscriber_type: SubscriberType;
  contract_number: string;
  account_number: string | null;
  name: string;
  email: string;
  locale: string | null;
}

/** The signed-in subscriber's columns of a confirmed account: $1 its id. */
export const SIGNED_IN_BY_ID = `select id, login, subscriber_type, contract_number, account_number, name, email, locale from subscriber_account where id = $1 and status = 'active'`;

/**
 * Identity's side of "who is signed in" (the SubscriberAuthenticator port of libs/web): a session's
 * subscriber id or an API bearer token becomes the signed-in subscriber. It runs on every cabinet page
 * and API call, so it reads only the columns the signed-in subscriber needs, of a confirmed account
 * (status 'active', as SubscriberAccount.isConfirmed), in one plain query: no EntityManager fork, query
 * builder or aggregate hydration.
 */
@Injectable()
export class PgSubscriberAuthenticator extends SubscriberAuthenticator {
  constructor(
    private readonly sql: PlainSql,
    private readonly tokens: ApiTokenStore,
  ) {
    super();
  }

  async bySubscriberId(subscriberId: string): Promise<AuthenticatedSubscriber | null> {
    if (!/^[0-9a-f-]{36}$/i.test(subscriberId)) return null;
    const [row] = await this.sql.query<SignedInRow>(SIGNED_IN_BY_ID, [subscriberId]);
    if (!row) return null;
    return {
      subscriberId: row.id,
      login: row.login,
      subscriberType: row.subscriber_type,
      contractNumber: row.contract_number,
      accountNumber: row.account_number,
      name: row.name,
      email: row.email,
      locale: isLocale(row.locale) ? row.locale : null,
    };
  }

  async byApiToken(token: string): Promise<AuthenticatedSubscriber | null> {
    if (!/^[A-Za-z0-9_-]{20,200}$/.test(token)) return null;
    const subscriberId = await this.tokens.resolve(token);
    return subscriberId ? this.bySubscriberId(subscriberId) : null;
  }
}
