import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request, Response } from 'express';
import { DomainError } from '@app/shared-kernel';
import { IdentityErrors } from '../../domain/identity.errors';
import { credentialsOf, SUBSCRIBER_LOGIN } from './subscriber-login.strategy';

/**
 * A login (the form and POST /api/v1/auth/token): lets the request through with the subscriber in
 * `req.user` (@CurrentSubscriber) when SubscriberLoginStrategy accepts the login and password; its
 * refusals (DomainError) reach the page's filter or, for the API, the global one, a throttled one with
 * its Retry-After header.
 */
@Injectable()
export class SubscriberLoginGuard extends AuthGuard(SUBSCRIBER_LOGIN) {
  override handleRequest<T>(error: unknown, subscriber: T | false, _info: unknown, context: ExecutionContext): T {
    if (error instanceof DomainError && error.code === 'IDENTITY.TOO_MANY_ATTEMPTS') {
      context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(error.details.retryAfterSeconds ?? 60));
    }
    if (error) throw error;
    if (!subscriber) {
      // passport-local refused a missing or empty login or password before asking the strategy: a 400
      // when they are not strings in the body, else the answer to a wrong login or password (without a
      // hash to verify or a failure to count).
      credentialsOf(context.switchToHttp().getRequest<Request>());
      throw IdentityErrors.invalidCredentials();
    }
    return subscriber;
  }
}
