import type { Attempt, AttemptTicket } from '@app/security';

export type { Attempt as LoginAttempt, AttemptTicket as LoginTicket } from '@app/security';

/**
 * Port: counts every attempt at a subscriber's password per login and per client address, across all
 * web processes, BEFORE the password is checked (so concurrent guesses cannot outrun the count).
 */
export abstract class LoginThrottle {
  /** Counts the attempt, or refuses it while a wait is running for this login or address. */
  abstract attempt(login: string, clientAddress: string): Promise<Attempt>;
  /** The attempt was right: the login's failures are forgotten, the address's count given back. */
  abstract succeeded(ticket: AttemptTicket): Promise<void>;
  /** The check reached no verdict (it failed: database away): the attempt is taken back. */
  abstract withdraw(ticket: AttemptTicket): Promise<void>;
}
