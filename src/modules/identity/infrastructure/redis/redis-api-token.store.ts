import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from '@app/messaging';
import { hashToken, randomToken } from '@app/security';
import { ApiTokenStore } from '../../application/ports/api-token-store';

/** How long an API token lives. */
export const API_TOKEN_TTL_SECONDS = 12 * 3600;

/** API tokens in Redis under their SHA-256 (`api-token:<hash>` → subscriber id), indexed per subscriber. */
@Injectable()
export class RedisApiTokenStore extends ApiTokenStore {
  constructor(@Inject(REDIS) private readonly redis: Redis) {
    super();
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
    // A pipeline (one write), not MULTI: each command stands on its own.
    await this.redis
      .pipeline()
      .set(this.key(hash), subscriberId, 'EX', API_TOKEN_TTL_SECONDS)
      .sadd(this.indexKey(subscriberId), hash)
      .expire(this.indexKey(subscriberId), API_TOKEN_TTL_SECONDS)
      .exec();
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
