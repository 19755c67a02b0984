import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthenticatedSubscriber } from './authenticated-subscriber';
import type { ApiTokenInfo } from './subscriber-token.strategy';

/** A request after a subscriber's AuthGuard: passport put the subscriber in `user`, the token's info in `authInfo`. */
type SignedInRequest = Request & { user?: AuthenticatedSubscriber; authInfo?: Partial<ApiTokenInfo> };

/** The signed-in subscriber of a route behind SubscriberPageGuard, SubscriberApiGuard or a login's guard. */
export const CurrentSubscriber = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedSubscriber => {
  const subscriber = context.switchToHttp().getRequest<SignedInRequest>().user;
  if (!subscriber) throw new Error('@CurrentSubscriber() used on a route without a subscriber guard');
  return subscriber;
});

/** The bearer token the request came with (API routes behind SubscriberApiGuard). */
export const CurrentApiToken = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  return context.switchToHttp().getRequest<SignedInRequest>().authInfo?.apiToken;
});
