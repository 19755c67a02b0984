import { hashToken, randomToken } from '@app/security';
import type { IssuedToken } from '../domain/one-time-token';

/** A fresh single-use secret (256 random bits): the secret goes out by e-mail, the account keeps the hash. */
export function issueSecret(now: Date, ttlMs: number): { secret: string; issued: IssuedToken } {
  const secret = randomToken(32);
  return { secret, issued: { hash: hashToken(secret), expiresAt: new Date(now.getTime() + ttlMs) } };
}

export { hashToken };

/** Reads a form or JSON value as a string ('' when missing). */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}
