import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from '@app/messaging';
import { hashToken, randomToken } from '@app/security';
import { ApiTokenStore } from '../../application/ports/api-token-store';

/** How long an API token lives. */
export const API_TOKEN_TTL_SECONDS = 12 * 3600;

/**
 * Writes a token and indexes it under its subscriber in one command: SET the token's key with its expiry,
 * SADD its hash to the subscriber's index and renew the index's expiry (a script: one command to build
 * and send instead of a pipeline of three).
 */
const ISSUE_SCRIPT = `
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return 1`;

type WithIssueScript = Redis & {
  identityIssueApiToken(tokenKey: string, indexKey: string, subscriberId: string, ttlSeconds: number, hash: string): Promise<number>;
};

/** API tokens in Redis under their SHA-256 (`api-token:<hash>` → subscriber id), indexed per subscriber. */
@Injectable()
export class RedisApiTokenStore extends ApiTokenStore {
  private readonly scripted: WithIssueScript;

  constructor(@Inject(REDIS) private readonly redis: Redis) {
    super();
    this.scripted = redis as WithIssueScript;
    if (typeof this.scripted.identityIssueApiToken !== 'function') redis.defineCommand('identityIssueApiToken', { numberOfKeys: 2, lua: ISSUE_SCRIPT });
  }

  private key(hash: string): string {
    return `api-token:${hash}`;
  }

  private indexKey(subscriberId: string): string {
    return `api-tokens-of:${subscriberId}`;
  }

  async issue(subscriberId: string): Promise<{ token: string; expiresInSeconds: number }> {
    const token = randomToken();
    const hash = hashToken(token);
    await this.scripted.identityIssueApiToken(this.key(hash), this.indexKey(subscriberId), subscriberId, API_TOKEN_TTL_SECONDS, hash);
    return { token, expiresInSeconds: API_TOKEN_TTL_SECONDS };
  }

  resolve(token: string): Promise<string | null> {
    return this.redis.get(this.key(hashToken(token)));
  }

  async revoke(token: string): Promise<void> {
    const hash = hashToken(token);
    const subscriberId = await this.redis.get(this.key(hash));
    const pipeline = this.redis.multi().del(this.key(hash));
    if (subscriberId) pipeline.srem(this.indexKey(subscriberId), hash);
    await pipeline.exec();
  }

  async revokeAllOf(subscriberId: string, exceptToken?: string): Promise<number> {
    const keep = exceptToken ? hashToken(exceptToken) : undefined;
    const hashes = (await this.redis.smembers(this.indexKey(subscriberId))).filter((hash) => hash !== keep);
    if (hashes.length === 0) return 0;
    const pipeline = this.redis.multi();
    for (const hash of hashes) pipeline.del(this.key(hash)).srem(this.indexKey(subscriberId), hash);
    await pipeline.exec();
    return hashes.length;
  }
}
