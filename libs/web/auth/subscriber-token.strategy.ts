import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-http-bearer';
import type { AuthenticatedSubscriber } from './authenticated-subscriber';
import { SubscriberAuthenticator } from './subscriber-authenticator';

export const SUBSCRIBER_TOKEN = 'subscriber-token';
export const API_REALM = 'vodokanal';

/** What a route behind SubscriberApiGuard learns besides the subscriber (`req.authInfo`). */
export interface ApiTokenInfo {
  apiToken: string;
}

/**
 * The REST API: the subscriber of the bearer token in the Authorization header (issued by
 * POST /api/v1/auth/token).
 */
@Injectable()
export class SubscriberTokenStrategy extends PassportStrategy(Strategy, SUBSCRIBER_TOKEN) {
  constructor(private readonly authenticator: SubscriberAuthenticator) {
    super({ realm: API_REALM, passReqToCallback: true });
  }

  async validate(req: Request, token: string): Promise<[AuthenticatedSubscriber, ApiTokenInfo] | false> {
    // passport-http-bearer also takes `access_token` from the body or the query string, where a token
    // would end up in access logs and browser history: only the header counts here.
    const [scheme, credentials] = (req.headers.authorization ?? '').split(' ');
    if (!/^Bearer$/i.test(scheme) || credentials !== token) return false;
    const subscriber = await this.authenticator.byApiToken(token);
    return subscriber ? [subscriber, { apiToken: token }] : false;
  }
}
