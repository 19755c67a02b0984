import { CanActivate, createParamDecorator, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Request, Response } from 'express';
import { AuthenticatedSubscriber } from '../../application/authenticated-subscriber';
import { ApiTokenStore } from '../../application/ports/api-token-store';
import { SubscriberAuthenticator } from '../../application/subscriber-authenticator';
import type { SubscriberType } from '../../domain/subscriber-login';

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
  /** The identity module's token store (the guard is built in each module that uses it, where the store is not exported). */
  private tokenStore?: ApiTokenStore;

  constructor(
    private readonly authenticator: SubscriberAuthenticator,
    private readonly moduleRef: ModuleRef,
    private readonly em: EntityManager,
  ) {}

  private get tokens(): ApiTokenStore {
    return (this.tokenStore ??= this.moduleRef.get(ApiTokenStore, { strict: false }));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<RequestWithSubscriber>();
    const res = context.switchToHttp().getResponse<Response>();
    if (req.path.startsWith('/api/')) {
      const token = bearerOf(req);
      const subscriber = token ? await this.byApiToken(token) : null;
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

  /**
   * SubscriberAuthenticator.byApiToken for every API call, read the cheap way: the token's subscriber
   * from the token store, then only the columns of the signed-in subscriber, of a confirmed account
   * (status 'active', SubscriberAccount.isConfirmed), in one plain query: no EntityManager fork, query
   * builder or aggregate hydration on the hot path of the API.
   */
  private async byApiToken(token: string): Promise<AuthenticatedSubscriber | null> {
    if (!/^[A-Za-z0-9_-]{20,200}$/.test(token)) return null;
    const subscriberId = await this.tokens.resolve(token);
    if (!subscriberId || !/^[0-9a-f-]{36}$/i.test(subscriberId)) return null;
    const [row] = await this.em
      .getConnection()
      .execute<Array<Record<string, string | null>>>(
        `select id, login, subscriber_type, contract_number, account_number, name, email from subscriber_account where id = ? and status = 'active'`,
        [subscriberId],
      );
    if (!row) return null;
    return {
      subscriberId: row.id as string,
      login: row.login as string,
      subscriberType: row.subscriber_type as SubscriberType,
      contractNumber: row.contract_number as string,
      accountNumber: row.account_number,
      name: row.name as string,
      email: row.email as string,
    };
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
