import type Redis from 'ioredis';
import type { Clock } from '@app/shared-kernel';

/**
 * How many failed attempts a subject (a login, a contract) and a client address may have before each
 * further attempt waits: the wait starts at `firstWaitSeconds` and doubles with every attempt beyond the
 * threshold, up to `maxWaitSeconds`. Counters are forgotten after `windowSeconds` without attempts.
 */
export interface ThrottlePolicy {
  readonly subjectThreshold: number;
  readonly addressThreshold: number;
  readonly firstWaitSeconds: number;
  readonly maxWaitSeconds: number;
  readonly windowSeconds: number;
}

/** The outcome of asking to make an attempt. */
/**
 * The limits of every password or identity check (subscribers' logins, registration, staff logins): the
 * 5th attempt at one subject or the 20th from one address within an hour makes the next wait, from 30 s
 * doubling up to 15 minutes.
 */
export const PASSWORD_ATTEMPTS: ThrottlePolicy = {
  subjectThreshold: 5,
  addressThreshold: 20,
  firstWaitSeconds: 30,
  maxWaitSeconds: 15 * 60,
  windowSeconds: 3600,
};

export type Attempt =
  | { readonly allowed: false; readonly retryAfterSeconds: number }
  | {
      readonly allowed: true;
      /** The wait this attempt already imposed on the next one; it stays if the attempt fails (0 when none). */
      readonly waitIfFailed: number;
      /** What `succeeded` needs to give this attempt back. */
      readonly ticket: AttemptTicket;
    };

export interface AttemptTicket {
  readonly subject: string;
  readonly address: string;
  /** The address lock this attempt set, if any: lifted again when the attempt succeeds or is taken back. */
  readonly addressLock: string | null;
  /** The subject lock this attempt set, if any: lifted again when the attempt is taken back. */
  readonly subjectLock: string | null;
}

export function waitAfter(count: number, threshold: number, policy: ThrottlePolicy): number {
  if (count < threshold) return 0;
  return Math.min(policy.firstWaitSeconds * 2 ** (count - threshold), policy.maxWaitSeconds);
}

/**
 * Counts an attempt before it is made, in one script (atomic in Redis): refused while a wait is running
 * for the subject or the address; otherwise both counters go up and, when this attempt reaches a
 * threshold, the wait it triggers starts at once. So concurrent attempts can never check more than the
 * threshold's number of secrets: the one that reaches it locks the others out before anything is verified.
 * Locks hold the moment they end (ms on the application's clock).
 */
const ATTEMPT_SCRIPT = `
local now = tonumber(ARGV[1])
local function remaining(key)
  local v = redis.call('GET', key)
  if not v then return 0 end
  local ms = tonumber(v) - now
  if ms <= 0 then return 0 end
  return math.ceil(ms / 1000)
end
local waiting = math.max(remaining(KEYS[2]), remaining(KEYS[4]))
if waiting > 0 then return {0, waiting, ''} end
local first, max, window = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local function wait(count, threshold)
  if count < threshold then return 0 end
  return math.min(first * 2 ^ (count - threshold), max)
end
local sc = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], window)
local ac = redis.call('INCR', KEYS[3])
redis.call('EXPIRE', KEYS[3], window)
local sw = wait(sc, tonumber(ARGV[2]))
local aw = wait(ac, tonumber(ARGV[3]))
local subjectLock = ''
if sw > 0 then
  subjectLock = string.format('%d', now + sw * 1000)
  redis.call('SET', KEYS[2], subjectLock, 'EX', sw)
end
local addressLock = ''
if aw > 0 then
  addressLock = string.format('%d', now + aw * 1000)
  redis.call('SET', KEYS[4], addressLock, 'EX', aw)
end
return {1, math.max(sw, aw), addressLock, subjectLock}`;

/**
 * A success gives its attempt back: the subject's counter and wait are forgotten (as after any success),
 * the address counts one attempt less, and a wait this very attempt put on the address is lifted.
 */
const SUCCEEDED_SCRIPT = `
redis.call('DEL', KEYS[1], KEYS[2])
if redis.call('EXISTS', KEYS[3]) == 1 then
  if redis.call('DECR', KEYS[3]) <= 0 then redis.call('DEL', KEYS[3]) end
end
if ARGV[1] ~= '' and redis.call('GET', KEYS[4]) == ARGV[1] then redis.call('DEL', KEYS[4]) end
return 1`;

/**
 * An attempt that reached no verdict (the check itself failed: the database away, say) is taken back: both
 * counters go one down and the waits this very attempt started are lifted; earlier failures still count.
 */
const WITHDRAWN_SCRIPT = `
for _, key in ipairs({KEYS[1], KEYS[3]}) do
  if redis.call('EXISTS', key) == 1 and redis.call('DECR', key) <= 0 then redis.call('DEL', key) end
end
if ARGV[1] ~= '' and redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
if ARGV[2] ~= '' and redis.call('GET', KEYS[4]) == ARGV[2] then redis.call('DEL', KEYS[4]) end
return 1`;

type Scripted = Redis & {
  securityAttempt(...args: (string | number)[]): Promise<[number, number, string, string]>;
  securityAttemptSucceeded(...args: string[]): Promise<number>;
  securityAttemptWithdrawn(...args: string[]): Promise<number>;
};

/**
 * Attempts at a secret (a password, a contract's IIN/BIN) counted in Redis per subject and per client
 * address, shared by every web process. `attempt` before the secret is checked, `succeeded` after a success.
 */
export class RedisAttemptThrottle {
  private readonly scripted: Scripted;

  constructor(
    redis: Redis,
    private readonly clock: Clock,
    /** The key namespace: `login`, `staff-login`, `register`. */
    private readonly namespace: string,
    readonly policy: ThrottlePolicy,
    /** How a subject is normalised (a login is case-insensitive). */
    private readonly normalise: (subject: string) => string = (subject) => subject.trim().toLowerCase(),
  ) {
    this.scripted = redis as Scripted;
    if (typeof this.scripted.securityAttempt !== 'function') {
      redis.defineCommand('securityAttempt', { numberOfKeys: 4, lua: ATTEMPT_SCRIPT });
      redis.defineCommand('securityAttemptSucceeded', { numberOfKeys: 4, lua: SUCCEEDED_SCRIPT });
      redis.defineCommand('securityAttemptWithdrawn', { numberOfKeys: 4, lua: WITHDRAWN_SCRIPT });
    }
  }

  private keys(subject: string, address: string): string[] {
    const id = this.normalise(subject);
    return [`${this.namespace}-fail:subject:${id}`, `${this.namespace}-lock:subject:${id}`, `${this.namespace}-fail:addr:${address}`, `${this.namespace}-lock:addr:${address}`];
  }

  async attempt(subject: string, address: string): Promise<Attempt> {
    const p = this.policy;
    const [allowed, seconds, addressLock, subjectLock] = await this.scripted.securityAttempt(
      ...this.keys(subject, address),
      this.clock.now().getTime(),
      p.subjectThreshold,
      p.addressThreshold,
      p.firstWaitSeconds,
      p.maxWaitSeconds,
      p.windowSeconds,
    );
    if (Number(allowed) !== 1) return { allowed: false, retryAfterSeconds: Math.max(1, Number(seconds)) };
    return { allowed: true, waitIfFailed: Number(seconds), ticket: { subject, address, addressLock: addressLock || null, subjectLock: subjectLock || null } };
  }

  async succeeded(ticket: AttemptTicket): Promise<void> {
    await this.scripted.securityAttemptSucceeded(...this.keys(ticket.subject, ticket.address), ticket.addressLock ?? '');
  }

  /** Takes back an attempt whose check reached no verdict (see `checkedOrWithdrawn`). */
  async withdraw(ticket: AttemptTicket): Promise<void> {
    await this.scripted.securityAttemptWithdrawn(...this.keys(ticket.subject, ticket.address), ticket.subjectLock ?? '', ticket.addressLock ?? '');
  }
}

/**
 * Runs the check an attempt was counted for. When the check throws, no verdict on the secret was reached
 * (the database or Redis away, say: the caller answers 503), so the attempt is taken back: an outage must
 * not lock out everybody behind one address. The check's own error is what the caller gets, even when
 * the attempt cannot be taken back either.
 */
export async function checkedOrWithdrawn<T>(throttle: { withdraw(ticket: AttemptTicket): Promise<void> }, ticket: AttemptTicket, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    await throttle.withdraw(ticket).catch(() => undefined);
    throw error;
  }
}
