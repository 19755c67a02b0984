import type { Request } from 'express';

/** The client's address for throttling (express resolves proxies only where `trust proxy` is set). */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** Only a path of this site (no other host, no scheme) may be the place to return to after login. */
export function safeNext(next: unknown, fallback = '/cabinet'): string {
  return typeof next === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(next) && !next.startsWith('/login') ? next : fallback;
}
