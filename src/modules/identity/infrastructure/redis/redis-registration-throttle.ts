import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from '@app/messaging';
import { Attempt, AttemptTicket, RedisAttemptThrottle, ThrottlePolicy, PASSWORD_ATTEMPTS } from '@app/security';
import { Clock } from '@app/shared-kernel';
import { RegistrationThrottle } from '../../application/ports/registration-throttle';

/**
 * Registration attempts counted in Redis (`register-fail:*`): the 5th attempt at one contract whose
 * number and IIN/BIN do not match (or which is already registered) within an hour, or the 20th from one
 * client address, makes the next one wait 30 seconds, doubling up to 15 minutes.
 */
export const REGISTRATION_THROTTLE: ThrottlePolicy = PASSWORD_ATTEMPTS;

@Injectable()
export class RedisRegistrationThrottle extends RegistrationThrottle {
  private readonly throttle: RedisAttemptThrottle;

  constructor(@Inject(REDIS) redis: Redis, clock: Clock) {
    super();
    this.throttle = new RedisAttemptThrottle(redis, clock, 'register', REGISTRATION_THROTTLE);
  }

  attempt(contract: string, clientAddress: string): Promise<Attempt> {
    return this.throttle.attempt(contract, clientAddress);
  }

  succeeded(ticket: AttemptTicket): Promise<void> {
    return this.throttle.succeeded(ticket);
  }

  withdraw(ticket: AttemptTicket): Promise<void> {
    return this.throttle.withdraw(ticket);
  }
}
