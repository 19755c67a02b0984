import { Injectable } from '@nestjs/common';
import { SessionService } from '@app/web';
import { sessionOwnerKey } from '../../application/authenticated-subscriber';
import { ApiTokenStore } from '../../application/ports/api-token-store';
import { SubscriberSessions } from '../../application/ports/subscriber-sessions';

/** Web sessions through SessionService (owner `subscriber:<id>`) and the API tokens, ended together. */
@Injectable()
export class RedisSubscriberSessions extends SubscriberSessions {
  constructor(
    private readonly sessions: SessionService,
    private readonly tokens: ApiTokenStore,
  ) {
    super();
  }

  async endAll(subscriberId: string, except: { sessionId?: string; apiToken?: string } = {}): Promise<void> {
    await this.sessions.endAllOf(sessionOwnerKey(subscriberId), except.sessionId);
    await this.tokens.revokeAllOf(subscriberId, except.apiToken);
  }
}
