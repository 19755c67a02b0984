import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** HKDF's context: a key for this one purpose, never the session secret itself nor a key of another use. */
const KEY_INFO = 'vodokanal mail-params v1';
const KEY_SALT = 'vodokanal secret-box';

/** The AES-256 key of the sealed e-mail parameters, derived from one session secret with HKDF-SHA-256. */
export function mailParamsKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, KEY_SALT, KEY_INFO, 32));
}

/**
 * Authenticated encryption (AES-256-GCM) of the parameters of a queued e-mail, so that links with
 * tokens never sit in job data or in the database in the clear. The keys are derived from the
 * SESSION_SECRET list with HKDF for this purpose alone: the first secret's key seals, every secret's key
 * opens, so a rotated secret still opens what was sealed before the rotation.
 */
export class SecretBox {
  private readonly keys: Buffer[];

  constructor(secrets: string | readonly string[]) {
    const list = typeof secrets === 'string' ? [secrets] : [...secrets];
    if (list.length === 0) throw new Error('SecretBox needs at least one secret');
    this.keys = list.map(mailParamsKey);
  }

  seal(value: unknown): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0], iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
  }

  /** The sealed value, opened by the first key that authenticates it; throws when none does. */
  open<T>(sealed: string): T {
    const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
    for (const key of this.keys) {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(body), decipher.final()]);
      } catch {
        continue; // not sealed under this key: try the next (older) secret
      }
      return JSON.parse(plain.toString('utf8')) as T;
    }
    throw new Error('sealed e-mail parameters open under none of the SESSION_SECRET keys');
  }
}
