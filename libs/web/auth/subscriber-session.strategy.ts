import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import type { AuthenticatedSubscriber } from './authenticated-subscriber';
import { SubscriberAuthenticator } from './subscriber-authenticator';

export const SUBSCRIBER_SESSION = 'subscriber-session';

/**
 * Pages: the subscriber whose id the web session holds (set at login, see SessionService.start). The
 * session itself is express-session's; passport keeps nothing in it (no serializeUser).
 */
@Injectable()
export class SubscriberSessionStrategy extends PassportStrategy(Strategy, SUBSCRIBER_SESSION) {
  constructor(private readonly authenticator: SubscriberAuthenticator) {
    super();
  }

  async validate(req: Request): Promise<AuthenticatedSubscriber | null> {
    const subscriberId = req.session?.subscriberId;
    return subscriberId ? this.authenticator.bySubscriberId(subscriberId) : null;
  }
}
