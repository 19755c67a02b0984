/** Port: counts failed logins per login and per client address, across all web processes. */
export abstract class LoginThrottle {
  /** Seconds until the next attempt is allowed for this login or address, or 0 when it is allowed now. */
  abstract retryAfter(login: string, clientAddress: string): Promise<number>;
  /** Counts a failure; returns the seconds of the wait it triggers (0 when none). */
  abstract recordFailure(login: string, clientAddress: string): Promise<number>;
  /** A successful login forgets the failures of that login (not of the address). */
  abstract recordSuccess(login: string): Promise<void>;
}
