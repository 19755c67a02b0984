import type { AuthenticatedSubscriber } from './authenticated-subscriber';

/**
 * Port: turns what a request carries (a web session's subscriber id, an API bearer token) into the
 * signed-in subscriber, or null when it names nobody who may sign in. Identity implements it; the
 * strategies of this folder call it for every context's pages and API, as modular-monolith-with-ddd's
 * IExecutionContextAccessor gives every module the current user without a module depending on another.
 */
export abstract class SubscriberAuthenticator {
  abstract bySubscriberId(subscriberId: string): Promise<AuthenticatedSubscriber | null>;
  abstract byApiToken(token: string): Promise<AuthenticatedSubscriber | null>;
}
