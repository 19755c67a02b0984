import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type Redis from 'ioredis';
import { REDIS } from '@app/messaging';
import { RedisSessionStore } from './redis-session-store';

export const REMEMBER_ME_MS = 30 * 24 * 3600 * 1000;

/** Starting and ending sessions: a fresh id at every login, and ending all sessions of an account. */
@Injectable()
export class SessionService {
  readonly store: RedisSessionStore;

  constructor(@Inject(REDIS) redis: Redis) {
    this.store = new RedisSessionStore(redis);
  }

  /** Issues a new session id (against fixation), then binds the session to its owner. */
  async start(req: Request, owner: { ownerKey: string; rememberMe: boolean }, fill: (session: Request['session']) => void): Promise<void> {
    await new Promise<void>((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
    req.session.ownerKey = owner.ownerKey;
    req.session.cookie.maxAge = owner.rememberMe ? REMEMBER_ME_MS : undefined;
    fill(req.session);
    await new Promise<void>((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));
  }

  async end(req: Request): Promise<void> {
    await new Promise<void>((resolve, reject) => req.session.destroy((error) => (error ? reject(error) : resolve())));
  }

  /** Ends every other session of the owner (e.g. after a password change). */
  endAllOf(ownerKey: string, exceptSid?: string): Promise<number> {
    return this.store.destroyAllOf(ownerKey, exceptSid);
  }
}
