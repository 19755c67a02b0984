import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Turns } from '@app/shared-kernel';
import { PasswordHasher } from './password-hasher';

/**
 * argon2id with 7 MiB of memory, 5 iterations, 1 degree of parallelism: one of the configurations OWASP's
 * Password Storage Cheat Sheet lists as giving an equal level of defence (19 MiB × 2, 12 MiB × 3,
 * 9 MiB × 4, 7 MiB × 5: "the only difference is a trade off between CPU and RAM usage"). Here it is
 * also the cheapest: a verification took 44 ms and 7 MiB against 86 ms and 19 MiB with 19 MiB × 2 (Node
 * 20, MALLOC_MMAP_THRESHOLD_ as scripts/node-flags.js sets it, where most of the larger one's time is
 * the kernel handing over 19 fresh MiB). Hashes made with earlier parameters still verify (each hash
 * names its own).
 */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 7 * 1024, timeCost: 5, parallelism: 1 } as const;

/**
 * How many hashes or verifications run at once in this process: one per core, at most the threads of
 * libuv's pool they run in (UV_THREADPOOL_SIZE, 4 by default). More at once finish no sooner (each is
 * CPU work of its own) and each holds its 7 MiB meanwhile: with four at once on two cores, 90 checks a
 * second peaked at 77 MiB of RSS with p95 344 ms, with two at once at 63 MiB with p95 108 ms (a node
 * process verifying alone, 2026-12-03). The others wait their turn, first come first served.
 */
export const HASHES_AT_ONCE = Math.max(1, Math.min(availableParallelism(), Number(process.env.UV_THREADPOOL_SIZE) || 4));

/** Hashes in progress in this process (all hashers share the cores), and those waiting for a turn. */
const turns = new Turns(HASHES_AT_ONCE);

/** A hash of a random password with the current parameters, made once per process as the first hasher is. */
let dummyHash: Promise<string> | undefined;

export class Argon2PasswordHasher extends PasswordHasher {
  constructor() {
    super();
    // Made at start, so that the first unknown login does not take a hash more than the others.
    dummyHash ??= turns.run(() => argon2.hash(randomBytes(32).toString('base64url'), ARGON2_OPTIONS));
  }

  hash(password: string): Promise<string> {
    return turns.run(() => argon2.hash(password, ARGON2_OPTIONS));
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await turns.run(() => argon2.verify(hash, password));
    } catch {
      return false;
    }
  }

  async verifyAgainstNone(password: string): Promise<false> {
    await this.verify(await dummyHash!, password);
    return false;
  }
}
