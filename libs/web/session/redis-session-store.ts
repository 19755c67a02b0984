import session from 'express-session';
import type Redis from 'ioredis';

/** How long a session lives without activity unless the cookie says otherwise ("remember me"). */
export const IDLE_TIMEOUT_SECONDS = 30 * 60;

type SessionWithOwner = session.SessionData & { ownerKey?: string };
type Callback = (error?: unknown, value?: unknown) => void;

/**
 * express-session store on the process's ioredis client (keys already carry the deployment prefix).
 * Sessions with a persistent cookie live as long as the cookie; the others expire after 30 idle
 * minutes. Each session of an owner (e.g. `subscriber:42`) is indexed, so that all sessions of an
 * account can be ended at once (password change, recovery).
 */
export class RedisSessionStore extends session.Store {
  constructor(private readonly redis: Redis) {
    super();
  }

  private key(sid: string): string {
    return `sess:${sid}`;
  }

  private ownerKey(owner: string): string {
    return `sess-owner:${owner}`;
  }

  private ttlOf(sess: session.SessionData): number {
    const maxAge = sess.cookie?.maxAge;
    return typeof maxAge === 'number' && maxAge > 0 ? Math.ceil(maxAge / 1000) : IDLE_TIMEOUT_SECONDS;
  }

  override get(sid: string, callback: (error: unknown, session?: session.SessionData | null) => void): void {
    this.redis
      .get(this.key(sid))
      .then((raw) => callback(undefined, raw ? (JSON.parse(raw) as session.SessionData) : null), callback);
  }

  override set(sid: string, sess: session.SessionData, callback?: Callback): void {
    const ttl = this.ttlOf(sess);
    const owner = (sess as SessionWithOwner).ownerKey;
    const pipeline = this.redis.multi().set(this.key(sid), JSON.stringify(sess), 'EX', ttl);
    if (owner) pipeline.sadd(this.ownerKey(owner), sid).expire(this.ownerKey(owner), 31 * 24 * 3600);
    pipeline.exec().then(() => callback?.(), (error) => callback?.(error));
  }

  override touch(sid: string, sess: session.SessionData, callback?: Callback): void {
    this.redis.expire(this.key(sid), this.ttlOf(sess)).then(() => callback?.(), (error) => callback?.(error));
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
