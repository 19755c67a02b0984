import { Inject, Injectable } from '@nestjs/common';
import { checkedOrWithdrawn, type RedisAttemptThrottle } from '@app/security';
import type { StaffAccount } from '../domain/staff-account';
import { StaffErrors } from '../domain/staff.errors';
import { StaffAccounts } from './staff-accounts';

/** The staff login's throttle (a RedisAttemptThrottle of its own, `staff-login-*` keys). */
export const STAFF_LOGIN_THROTTLE = Symbol('STAFF_LOGIN_THROTTLE');

/**
 * The staff login, throttled like the subscribers': every attempt is counted per login and per client
 * address before the password is checked; the 5th of a login (20th of an address) makes the next wait.
 */
@Injectable()
export class StaffLogin {
  constructor(
    private readonly accounts: StaffAccounts,
    @Inject(STAFF_LOGIN_THROTTLE) private readonly throttle: RedisAttemptThrottle,
  ) {}

  /** The account when login and password match; undefined for either mistake; STAFF.TOO_MANY_ATTEMPTS while waiting. */
  async logIn(login: string, password: string, clientAddress: string): Promise<StaffAccount | undefined> {
    const attempt = await this.throttle.attempt(login, clientAddress);
    if (!attempt.allowed) throw StaffErrors.tooManyAttempts(attempt.retryAfterSeconds);
    const account = await checkedOrWithdrawn(this.throttle, attempt.ticket, () => this.accounts.authenticate(login, password));
    if (account) {
      await this.throttle.succeeded(attempt.ticket);
      return account;
    }
    if (attempt.waitIfFailed > 0) throw StaffErrors.tooManyAttempts(attempt.waitIfFailed);
    return undefined;
  }
}
