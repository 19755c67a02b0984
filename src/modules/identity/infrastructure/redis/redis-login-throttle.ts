import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from '@app/messaging';
import { Attempt, AttemptTicket, RedisAttemptThrottle, ThrottlePolicy, PASSWORD_ATTEMPTS } from '@app/security';
import { Clock } from '@app/shared-kernel';
import { LoginThrottle } from '../../application/ports/login-throttle';

/**
 * Attempts counted in Redis before the password is checked, so that the limit holds across every web
 * process and against concurrent guesses. The 5th attempt of one login (the 20th of one client address)
 * within the window makes the next one wait, doubling from 30 seconds up to 15 minutes; a success forgets
 * the login's count. Counters are forgotten after an hour without attempts.
 */
export const THROTTLE: ThrottlePolicy = PASSWORD_ATTEMPTS;

@Injectable()
export class RedisLoginThrottle extends LoginThrottle {
  private readonly throttle: RedisAttemptThrottle;

  constructor(@Inject(REDIS) redis: Redis, clock: Clock) {
    super();
    this.throttle = new RedisAttemptThrottle(redis, clock, 'login', THROTTLE);
  }

  attempt(login: string, clientAddress: string): Promise<Attempt> {
    return this.throttle.attempt(login, clientAddress);
  }

  succeeded(ticket: AttemptTicket): Promise<void> {
    return this.throttle.succeeded(ticket);
  }

  withdraw(ticket: AttemptTicket): Promise<void> {
    return this.throttle.withdraw(ticket);
  }
}
