import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@app/config';
import { isCookielessApiCall } from './cookieless-api-call';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export class CsrfError extends ForbiddenException {
  constructor(readonly reason: 'origin' | 'token') {
    super(`CSRF check failed: ${reason}`);
  }
}

/**
 * Refuses every state-changing request that carries neither the session's CSRF token nor comes from
 * our own origin. Requests authenticated by a bearer token (REST clients, no cookies) are exempt:
 * a browser never sends such a header across sites.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(req.method)) return true;
    if (/^Bearer\s/i.test(req.headers.authorization ?? '') && !req.headers.cookie) return true;

    const origin = req.headers.origin;
    if (origin !== undefined && !sameOrigin(origin, req, this.config.publicUrl.origin)) throw new CsrfError('origin');
    // REST login, registration: no ambient credentials to abuse.
    if (isCookielessApiCall(req)) return true;

    const body = req.body as Record<string, unknown> | undefined;
    const given = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? req.get('x-csrf-token');
    if (!csrfTokenMatches(req, given)) throw new CsrfError('token');
    return true;
  }
}

/** Whether an Origin header names this site (its public address, or the host the request was sent to); "null" never does. */
export function sameOrigin(origin: string, req: Request, publicOrigin: string): boolean {
  if (origin === 'null') return false;
  if (origin === publicOrigin) return true;
  return origin === `${req.protocol}://${req.get('host')}`;
}

/** Whether `given` is the session's CSRF token (compared in constant time). */
export function csrfTokenMatches(req: Request, given: string | undefined): boolean {
  const expected = req.session?.csrfToken;
  return !!expected && !!given && safeEqual(expected, given);
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
