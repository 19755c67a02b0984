import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Response } from 'express';
import { API_REALM, SUBSCRIBER_TOKEN } from './subscriber-token.strategy';

/**
 * The REST API: lets only a request with a live bearer token through (`@UseGuards(SubscriberApiGuard)`
 * on any context's controller); anything else gets 401 problem+json with a WWW-Authenticate challenge.
 */
@Injectable()
export class SubscriberApiGuard extends AuthGuard(SUBSCRIBER_TOKEN) {
  override handleRequest<T>(error: unknown, subscriber: T | false, challenge: unknown, context: ExecutionContext): T {
    if (error) throw error;
    if (!subscriber) {
      // passport-http-bearer's challenge (RFC 6750: with error="invalid_token" when a token was given).
      const header = typeof challenge === 'string' ? challenge : `Bearer realm="${API_REALM}"`;
      context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', header);
      throw new UnauthorizedException({ code: 'REQUEST.BEARER_REQUIRED' });
    }
    return subscriber;
  }
}
