import { CanActivate, createParamDecorator, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthenticatedSubscriber } from '../../application/authenticated-subscriber';
import { SubscriberAuthenticator } from '../../application/subscriber-authenticator';

type RequestWithSubscriber = Request & { subscriber?: AuthenticatedSubscriber; apiToken?: string };

function bearerOf(req: Request): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
}

/**
 * Lets only a signed-in subscriber through. Pages (session cookie): otherwise a redirect to /login
 * that comes back afterwards. REST API under /api (bearer token): otherwise 401 problem+json.
 * Usable on any context's controller: `@UseGuards(SubscriberAuthGuard)`.
 */
@Injectable()
export class SubscriberAuthGuard implements CanActivate {
  constructor(private readonly authenticator: SubscriberAuthenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<RequestWithSubscriber>();
    const res = context.switchToHttp().getResponse<Response>();
    if (req.path.startsWith('/api/')) {
      const token = bearerOf(req);
      const subscriber = token ? await this.authenticator.byApiToken(token) : null;
      if (!subscriber) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="vodokanal"');
        throw new UnauthorizedException({ error: 'Unauthorized', message: 'A valid bearer token is required (POST /api/v1/auth/token)' });
      }
      req.subscriber = subscriber;
      req.apiToken = token;
      return true;
    }
    const subscriberId = req.session?.subscriberId;
    const subscriber = subscriberId ? await this.authenticator.bySubscriberId(subscriberId) : null;
    if (!subscriber) {
      const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      res.redirect(303, `/login${next}`);
      return false;
    }
    req.subscriber = subscriber;
    return true;
  }
}

/** The signed-in subscriber of a route behind SubscriberAuthGuard. */
export const CurrentSubscriber = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedSubscriber => {
  const subscriber = context.switchToHttp().getRequest<RequestWithSubscriber>().subscriber;
  if (!subscriber) throw new Error('@CurrentSubscriber() used on a route without SubscriberAuthGuard');
  return subscriber;
});

/** The bearer token the request came with (API routes behind SubscriberAuthGuard). */
export const CurrentApiToken = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  return context.switchToHttp().getRequest<RequestWithSubscriber>().apiToken;
});
