import { timingSafeEqual } from 'node:crypto';

/**
 * A single-use secret as the account keeps it: only its hash (the secret itself goes out by e-mail
 * and is never stored), and when it expires. A newer one replaces an older one.
 */
export interface IssuedToken {
  readonly hash: string;
  readonly expiresAt: Date;
}

export type TokenCheck = 'valid' | 'invalid' | 'expired';

/** Whether a presented secret's hash matches the stored one and is still in time. */
export function checkToken(stored: { hash: string | null; expiresAt: Date | null }, presentedHash: string, now: Date): TokenCheck {
  if (!stored.hash || !stored.expiresAt) return 'invalid';
  const left = Buffer.from(stored.hash, 'utf8');
  const right = Buffer.from(presentedHash, 'utf8');
  if (left.length !== right.length || !timingSafeEqual(left, right)) return 'invalid';
  if (now.getTime() >= stored.expiresAt.getTime()) return 'expired';
  return 'valid';
}

export const CONFIRMATION_TTL_MS = 48 * 3600 * 1000;
export const EMAIL_CHANGE_TTL_MS = 48 * 3600 * 1000;
export const RECOVERY_TTL_MS = 3600 * 1000;
