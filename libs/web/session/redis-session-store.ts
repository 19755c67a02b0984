import session from 'express-session';
import type Redis from 'ioredis';
import type { SessionLifetimes } from '@app/config';
import type { Clock } from '@app/shared-kernel';

type SessionWithOwner = session.SessionData & { ownerKey?: string; startedAt?: number };
type Callback = (error?: unknown, value?: unknown) => void;

/**
 * express-session store on the process's ioredis client (keys already carry the deployment prefix).
 * Sessions with a persistent cookie («Запомнить меня») live as long as the cookie says after the last
 * request; the others end after the idle timeout; none outlives `maxAgeSeconds` since its login
 * (`startedAt`, on the application's clock). Each session of an owner (e.g. `subscriber:42`) is indexed
 * (`sess-owner:*`), so that all sessions of an account can be ended at once (password change, recovery,
 * e-mail change). The index is renewed whenever a session in it is written or touched, for as long as
 * the longest session may still live, so it never expires before a session it lists.
 */
export class RedisSessionStore extends session.Store {
  /** How long the index lives after the last write or touch of any of its sessions. */
  private readonly indexTtlSeconds: number;

  constructor(
    private readonly redis: Redis,
    private readonly clock: Clock,
    private readonly lifetimes: SessionLifetimes,
  ) {
    super();
    this.indexTtlSeconds = Math.ceil(Math.max(lifetimes.idleSeconds, lifetimes.rememberSeconds)) + 60;
  }

  private key(sid: string): string {
    return `sess:${sid}`;
  }

  private ownerKey(owner: string): string {
    return `sess-owner:${owner}`;
  }

  /** Seconds the session has left since its login, or undefined when it has no login time. */
  private remainingOf(sess: SessionWithOwner): number | undefined {
    if (typeof sess.startedAt !== 'number') return undefined;
    return (sess.startedAt + this.lifetimes.maxAgeSeconds * 1000 - this.clock.now().getTime()) / 1000;
  }

  private ttlOf(sess: SessionWithOwner): number {
    const maxAge = sess.cookie?.maxAge;
    const idle = typeof maxAge === 'number' && maxAge > 0 ? Math.ceil(maxAge / 1000) : Math.ceil(this.lifetimes.idleSeconds);
    const remaining = this.remainingOf(sess);
    return remaining === undefined ? idle : Math.max(1, Math.min(idle, Math.ceil(remaining)));
  }

  override get(sid: string, callback: (error: unknown, session?: session.SessionData | null) => void): void {
    this.redis.get(this.key(sid)).then(async (raw) => {
      const sess = raw ? (JSON.parse(raw) as SessionWithOwner) : null;
      const remaining = sess ? this.remainingOf(sess) : undefined;
      if (sess && remaining !== undefined && remaining <= 0) {
        // Past its absolute lifetime: ended, however recently it was used.
        await this.redis.del(this.key(sid));
        callback(undefined, null);
        return;
      }
      callback(undefined, sess);
    }, callback);
  }

  override set(sid: string, sess: session.SessionData, callback?: Callback): void {
    const ttl = this.ttlOf(sess);
    const owner = (sess as SessionWithOwner).ownerKey;
    const pipeline = this.redis.multi().set(this.key(sid), JSON.stringify(sess), 'EX', ttl);
    if (owner) pipeline.sadd(this.ownerKey(owner), sid).expire(this.ownerKey(owner), this.indexTtlSeconds);
    pipeline.exec().then(() => callback?.(), (error) => callback?.(error));
  }

  override touch(sid: string, sess: session.SessionData, callback?: Callback): void {
    const owner = (sess as SessionWithOwner).ownerKey;
    const pipeline = this.redis.multi().expire(this.key(sid), this.ttlOf(sess));
    if (owner) pipeline.expire(this.ownerKey(owner), this.indexTtlSeconds);
    pipeline.exec().then(() => callback?.(), (error) => callback?.(error));
  }

  override destroy(sid: string, callback?: Callback): void {
    this.redis.del(this.key(sid)).then(() => callback?.(), (error) => callback?.(error));
  }

  /** Ends every session of an owner except `keepSid`; returns how many were ended. */
  async destroyAllOf(owner: string, keepSid?: string): Promise<number> {
    const sids = await this.redis.smembers(this.ownerKey(owner));
    const ended = sids.filter((sid) => sid !== keepSid);
    if (ended.length === 0) return 0;
    const pipeline = this.redis.multi();
    for (const sid of ended) pipeline.del(this.key(sid)).srem(this.ownerKey(owner), sid);
    await pipeline.exec();
    return ended.length;
  }
}
