import type { Request } from 'express';

/**
 * An /api call without any cookie (a bearer token or none): it carries no ambient browser credentials,
 * so it needs neither a session nor a CSRF token.
 */
export function isCookielessApiCall(req: Request): boolean {
  return req.path.startsWith('/api/') && !req.headers.cookie;
}
