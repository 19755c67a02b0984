import { createDecipheriv, createHash } from 'node:crypto';
import { SecretBox, mailParamsKey } from './secret-box';

const OLD = 'Vf2LkA9pX0cQ7mZ3rT8bN1wY5sH6dJ4gUeKoI+tPq/yRnM2xC3vB8aE7zW0lG9hS';
const NEW = 'r4Jd0C8m6Gx1Yp2QbT9vWcZ3nH5sK7fLqE+uA/oN0iVjXyMz8gRkP1tBw2e3Dh4F';
const PARAMS = { name: 'Иванов', link: 'https://cabinet.example.kz/reset?token=abc' };

/** Opens a sealed value with a key of the caller's choosing, as someone who knows the secret would try. */
function openWith(key: Buffer, sealed: string): unknown {
  const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8'));
}

describe('SecretBox (sealed e-mail parameters)', () => {
  it('opens what it sealed', () => {
    const box = new SecretBox([NEW]);
    expect(box.open(box.seal(PARAMS))).toEqual(PARAMS);
  });

  it('seals under a key derived with HKDF for this purpose, not the session secret nor a plain hash of it', () => {
    const sealed = new SecretBox([NEW]).seal(PARAMS);
    const key = mailParamsKey(NEW);
    expect(openWith(key, sealed)).toEqual(PARAMS);
    const guesses = [
      Buffer.from(NEW, 'utf8').subarray(0, 32),
      Buffer.from(NEW, 'base64').subarray(0, 32),
      createHash('sha256').update(NEW).digest(),
      createHash('sha256').update(`mail-params:${NEW}`).digest(), // the former derivation
    ];
    for (const guess of guesses) {
      expect(guess.equals(key)).toBe(false);
      expect(() => openWith(guess, sealed)).toThrow();
    }
  });

  it('opens after a rotation what the old secret sealed, and seals with the new one', () => {
    const sealedBefore = new SecretBox([OLD]).seal(PARAMS);
    const rotated = new SecretBox([NEW, OLD]);
    expect(rotated.open(sealedBefore)).toEqual(PARAMS);
    const sealedAfter = rotated.seal(PARAMS);
    expect(new SecretBox([NEW]).open(sealedAfter)).toEqual(PARAMS);
    expect(() => new SecretBox([OLD]).open(sealedAfter)).toThrow(/none of the SESSION_SECRET keys/);
    // Once the old secret leaves the list, what it sealed no longer opens.
    expect(() => new SecretBox([NEW]).open(sealedBefore)).toThrow(/none of the SESSION_SECRET keys/);
  });

  it('refuses a value whose ciphertext was changed', () => {
    const box = new SecretBox([NEW]);
    const [iv, tag, body] = box.seal(PARAMS).split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(() => box.open([iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
  });
});
