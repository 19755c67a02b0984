import type { Attempt, AttemptTicket } from '@app/security';

/**
 * Port: counts registration attempts that test a contract (or personal account) against an IIN/BIN, per
 * contract and per client address, before the contract is looked up: nobody can try IIN/BINs (or
 * contract numbers) faster than the limit allows.
 */
export abstract class RegistrationThrottle {
  /** Counts the attempt, or refuses it while a wait is running for this contract or address. */
  abstract attempt(contract: string, clientAddress: string): Promise<Attempt>;
  /** The contract and its IIN/BIN matched: the attempt is given back. */
  abstract succeeded(ticket: AttemptTicket): Promise<void>;
  /** The check reached no verdict (it failed: database away): the attempt is taken back. */
  abstract withdraw(ticket: AttemptTicket): Promise<void>;
}
