import type { NextFunction, Request, Response } from 'express';

/** Served from disk, the same for everyone: the only answers a browser or proxy may keep. */
const CACHEABLE_PREFIX = '/assets/';

/**
 * `Cache-Control: no-store` (and `Pragma: no-cache`, which RFC 6749 §5.1 asks of a token answer, for
 * HTTP/1.0 caches) on every answer but the static assets: the cabinet's pages, the REST API's answers
 * (the access token of POST /api/v1/auth/token among them), the staff pages and dashboard, the forms with
 * their CSRF token and the error pages. Set before routing, once for the whole app, so a new controller
 * is covered without doing anything; a controller may still set a stricter value (`private, no-store`
 * on downloads).
 */
export function noStore(req: Request, res: Response, next: NextFunction): void {
  if (!req.path.startsWith(CACHEABLE_PREFIX)) {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
  }
  next();
}
