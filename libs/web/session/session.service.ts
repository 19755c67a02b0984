import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '@app/config';
import { REDIS } from '@app/messaging';
import { Clock } from '@app/shared-kernel';
import { RedisSessionStore } from './redis-session-store';

/** Starting and ending sessions: a fresh id at every login, and ending all sessions of an account. */
@Injectable()
export class SessionService {
  readonly store: RedisSessionStore;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.store = new RedisSessionStore(redis, clock, config.sessions);
  }

  /**
   * Issues a new session id (against fixation), then binds the session to its owner. The language
   * chosen before the login stays chosen.
   */
  async start(req: Request, owner: { ownerKey: string; rememberMe: boolean }, fill: (session: Request['session']) => void): Promise<void> {
    const locale = req.session.locale;
    await new Promise<void>((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
    if (locale) req.session.locale = locale;
    req.session.ownerKey = owner.ownerKey;
    // The login's moment: no session outlives SESSION_MAX_AGE_DAYS from it (RedisSessionStore).
    req.session.startedAt = this.clock.now().getTime();
    req.session.cookie.maxAge = owner.rememberMe ? Math.min(this.config.sessions.rememberSeconds, this.config.sessions.maxAgeSeconds) * 1000 : undefined;
    fill(req.session);
    await new Promise<void>((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));
  }

  /**
   * Ends the session on the server. When a language was chosen, a fresh session (a new id, nothing of
   * the old one) keeps only that choice, so the pages after the logout speak it still; returns whether
   * it did (otherwise the caller may clear the cookie).
   */
  async end(req: Request): Promise<boolean> {
    const locale = req.session.locale;
    if (!locale) {
      await new Promise<void>((resolve, reject) => req.session.destroy((error) => (error ? reject(error) : resolve())));
      return false;
    }
    await new Promise<void>((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
    req.session.locale = locale;
    await new Promise<void>((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));
    return true;
  }

  /** Ends every other session of the owner (e.g. after a password change). */
  endAllOf(ownerKey: string, exceptSid?: string): Promise<number> {
    return this.store.destroyAllOf(ownerKey, exceptSid);
  }
}
