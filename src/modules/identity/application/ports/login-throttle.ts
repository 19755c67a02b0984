/** What the throttle knows before an attempt, read in one go. */
export interface LoginAttemptState {
  /** Seconds until the next attempt is allowed for this login or address, or 0 when it is allowed now. */
  retryAfterSeconds: number;
  /** Whether this login has counted failures (or a wait) that a success must forget. */
  loginHasFailures: boolean;
}

/** Port: counts failed logins per login and per client address, across all web processes. */
export abstract class LoginThrottle {
  /** The wait still to serve before an attempt of this login from this address, and what a success would clear. */
  abstract check(login: string, clientAddress: string): Promise<LoginAttemptState>;
  /** Counts a failure; returns the seconds of the wait it triggers (0 when none). */
  abstract recordFailure(login: string, clientAddress: string): Promise<number>;
  /**
   * A successful login forgets the failures of that login (not of the address). Given the state `check`
   * read before the attempt, nothing is written when that login had nothing to forget (a failure counted
   * meanwhile by a concurrent attempt then stays counted, the stricter outcome).
   */
  abstract recordSuccess(login: string, before?: LoginAttemptState): Promise<void>;

  /** Seconds until the next attempt is allowed for this login or address, or 0 when it is allowed now. */
  async retryAfter(login: string, clientAddress: string): Promise<number> {
    return (await this.check(login, clientAddress)).retryAfterSeconds;
  }
}
