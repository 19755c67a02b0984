import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { SubscriberAccount } from '../domain/subscriber-account.aggregate';
import { AuthenticatedSubscriber, toAuthenticatedSubscriber } from './authenticated-subscriber';
import { ApiTokenStore } from './ports/api-token-store';

/** Turns a session's subscriber id or an API bearer token into the signed-in subscriber. */
@Injectable()
export class SubscriberAuthenticator {
  constructor(
    private readonly em: EntityManager,
    private readonly tokens: ApiTokenStore,
  ) {}

  async bySubscriberId(subscriberId: string): Promise<AuthenticatedSubscriber | null> {
    if (!/^[0-9a-f-]{36}$/i.test(subscriberId)) return null;
    const account = await this.em.fork().findOne(SubscriberAccount, { id: subscriberId });
    return account && account.isConfirmed() ? toAuthenticatedSubscriber(account) : null;
  }

  async byApiToken(token: string): Promise<AuthenticatedSubscriber | null> {
    if (!/^[A-Za-z0-9_-]{20,200}$/.test(token)) return null;
    const subscriberId = await this.tokens.resolve(token);
    return subscriberId ? this.bySubscriberId(subscriberId) : null;
  }
}
