import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from '@app/messaging';
import { LoginAttemptState, LoginThrottle } from '../../application/ports/login-throttle';

/**
 * Failed logins counted in Redis, so that the limit holds across every web process. From the 5th
 * failure for one login (the 20th for one client address) each further failure makes the next attempt
 * wait, doubling from 30 seconds up to 15 minutes. Counters are forgotten after an hour without failures.
 */
export const THROTTLE = {
  loginThreshold: 5,
  addressThreshold: 20,
  firstWaitSeconds: 30,
  maxWaitSeconds: 15 * 60,
  windowSeconds: 3600,
} as const;

export function waitAfter(failures: number, threshold: number): number {
  if (failures < threshold) return 0;
  return Math.min(THROTTLE.firstWaitSeconds * 2 ** (failures - threshold), THROTTLE.maxWaitSeconds);
}

@Injectable()
export class RedisLoginThrottle extends LoginThrottle {
  constructor(@Inject(REDIS) private readonly redis: Redis) {
    super();
  }

  private keys(kind: 'login' | 'addr', value: string) {
    const id = kind === 'login' ? value.trim().toLowerCase() : value;
    return { count: `login-fail:${kind}:${id}`, lock: `login-lock:${kind}:${id}` };
  }

  /** One round trip: the locks (they hold the moment they end, ms since epoch) and the login's failure count. */
  async check(login: string, clientAddress: string): Promise<LoginAttemptState> {
    const byLogin = this.keys('login', login);
    const [loginLock, addressLock, loginCount] = await this.redis.mget(byLogin.lock, this.keys('addr', clientAddress).lock, byLogin.count);
    const until = Math.max(Number(loginLock ?? 0), Number(addressLock ?? 0));
    return { retryAfterSeconds: Math.max(0, Math.ceil((until - Date.now()) / 1000)), loginHasFailures: loginLock !== null || loginCount !== null };
  }

  async recordFailure(login: string, clientAddress: string): Promise<number> {
    const byLogin = this.keys('login', login);
    const byAddress = this.keys('addr', clientAddress);
    const results = await this.redis
      .pipeline()
      .incr(byLogin.count)
      .expire(byLogin.count, THROTTLE.windowSeconds)
      .incr(byAddress.count)
      .expire(byAddress.count, THROTTLE.windowSeconds)
      .exec();
    const loginFailures = Number(results?.[0]?.[1] ?? 0);
    const addressFailures = Number(results?.[2]?.[1] ?? 0);
    const loginWait = waitAfter(loginFailures, THROTTLE.loginThreshold);
    const addressWait = waitAfter(addressFailures, THROTTLE.addressThreshold);
    const pipeline = this.redis.pipeline();
    if (loginWait > 0) pipeline.set(byLogin.lock, String(Date.now() + loginWait * 1000), 'EX', loginWait);
    if (addressWait > 0) pipeline.set(byAddress.lock, String(Date.now() + addressWait * 1000), 'EX', addressWait);
    if (loginWait > 0 || addressWait > 0) await pipeline.exec();
    return Math.max(loginWait, addressWait);
  }

  async recordSuccess(login: string, before?: LoginAttemptState): Promise<void> {
    if (before && !before.loginHasFailures) return;
    const byLogin = this.keys('login', login);
    await this.redis.del(byLogin.count, byLogin.lock);
  }
}
