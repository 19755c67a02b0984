import { Injectable } from '@nestjs/common';
import { RunningUnit } from '@app/persistence';
import { SessionService } from '@app/web';
import { sessionOwnerKey } from '../../application/authenticated-subscriber';
import { ApiTokenStore } from '../../application/ports/api-token-store';
import { SubscriberSessions } from '../../application/ports/subscriber-sessions';

/**
 * Web sessions through SessionService (owner `subscriber:<id>`) and the API tokens, ended together; inside
 * a unit of work only after it committed (the new password or e-mail is stored first, never the other way round).
 */
@Injectable()
export class RedisSubscriberSessions extends SubscriberSessions {
  constructor(
    private readonly sessions: SessionService,
    private readonly tokens: ApiTokenStore,
  ) {
    super();
  }

  async endAll(subscriberId: string, except: { sessionId?: string; apiToken?: string } = {}): Promise<void> {
    const end = async () => {
      await this.sessions.endAllOf(sessionOwnerKey(subscriberId), except.sessionId);
      await this.tokens.revokeAllOf(subscriberId, except.apiToken);
    };
    const unit = RunningUnit.current();
    if (unit) unit.afterCommit(end);
    else await end();
  }
}
