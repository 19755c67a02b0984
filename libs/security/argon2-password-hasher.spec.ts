import argon2 from 'argon2';
import { setTimeout as sleep } from 'node:timers/promises';
import { Argon2PasswordHasher, HASHES_AT_ONCE } from './argon2-password-hasher';

describe('Argon2PasswordHasher', () => {
  afterEach(() => jest.restoreAllMocks());

  it('checks passwords with argon2id: the right one passes, a wrong one and a malformed hash do not', async () => {
    const hasher = new Argon2PasswordHasher();
    const hash = await hasher.hash('Correct-Horse-Battery-7');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=7168,t=5,p=1\$/);
    await expect(hasher.verify(hash, 'Correct-Horse-Battery-7')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'Correct-Horse-Battery-8')).resolves.toBe(false);
    await expect(hasher.verify('not a hash', 'Correct-Horse-Battery-7')).resolves.toBe(false);
  });

  it('runs at most one check per core at once in the process (every hasher together), the others in turn', async () => {
    const hashers = [new Argon2PasswordHasher(), new Argon2PasswordHasher()];
    // The dummy hash the first hasher makes at start is done before counting.
    await hashers[0].verifyAgainstNone('anything');
    let running = 0;
    let most = 0;
    const started: number[] = [];
    jest.spyOn(argon2, 'verify').mockImplementation(async (hash: string) => {
      running += 1;
      most = Math.max(most, running);
      started.push(Number(hash));
      await sleep(20);
      running -= 1;
      return true;
    });
    const checks = Array.from({ length: HASHES_AT_ONCE * 3 }, (_, i) => hashers[i % 2].verify(String(i), 'password'));
    await expect(Promise.all(checks)).resolves.toEqual(checks.map(() => true));
    expect(most).toBe(HASHES_AT_ONCE);
    expect(started).toEqual(checks.map((_, i) => i));
  });
});
