import { NestExpressApplication } from '@nestjs/platform-express';
import Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { redisOptionsFromUrl } from '@app/messaging';
import { UnitOfWork } from '@app/persistence';
import { PASSWORD_ATTEMPTS as THROTTLE, RedisAttemptThrottle } from '@app/security';
import { SystemClock } from '@app/shared-kernel';
import { SubscriberAccount } from '../../src/modules/identity/domain/subscriber-account.aggregate';
import { SubscriberAccountBuilder } from '../../src/modules/identity/testing/subscriber-account.builder';
import { SubscriberAccountRepository } from '../../src/modules/identity/domain/subscriber-account.repository';
import { RedisApiTokenStore } from '../../src/modules/identity/infrastructure/redis/redis-api-token.store';
import type { LoginAttempt } from '../../src/modules/identity/application/ports/login-throttle';
import { startWeb } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';

describe('identity persistence', () => {
  let config: AppConfig;
  let app: NestExpressApplication;
  const clients: Redis[] = [];

  /** A Redis client as another web process of the same deployment would have. */
  function processClient(): Redis {
    const client = new Redis({ ...redisOptionsFromUrl(config.redisUrl), keyPrefix: `${config.redisPrefix}:` });
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    config = await testConfig();
    app = await startWeb(config);
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit()));
    await app?.close();
  });

  describe('subscriber accounts in PostgreSQL', () => {
    it('stores an account and finds it by login (any case), by e-mail (any case) and by its link hashes', async () => {
      const account = new SubscriberAccountBuilder().build();
      const repository = app.get(SubscriberAccountRepository);
      await app.get(UnitOfWork).run(async () => repository.add(account));
      const found = await app.get(UnitOfWork).run(async () => ({
        byLogin: await repository.byLogin(' VK2666 '),
        byEmail: await repository.byEmail('BUH@example.kz'),
        byHash: await repository.byConfirmationHash('confirm-hash'),
        none: await repository.byEmail('buh%@example.kz'),
      }));
      expect(found.byLogin?.id).toBe(account.id);
      expect(found.byLogin?.pullDomainEvents()).toEqual([]);
      expect(found.byEmail.map((a) => a.id)).toEqual([account.id]);
      expect(found.byHash?.id).toBe(account.id);
      expect(found.none).toEqual([]);
    });

    it('reads a snapshot of an account by login with every field as the ORM loads it, which saves nothing when changed', async () => {
      const account = new SubscriberAccountBuilder().individual('09000077').confirmed().build();
      const repository = app.get(SubscriberAccountRepository);
      await app.get(UnitOfWork).run(async () => repository.add(account));
      const loaded = await app.get(UnitOfWork).run(() => repository.byLogin('09000077'));
      const { snapshot, asRead } = await app.get(UnitOfWork).run(async () => {
        const read = await repository.snapshotByLogin(' 09000077 ');
        const fields = { ...read };
        read?.changeSubscription(!read.invoiceByEmail, new Date());
        return { snapshot: read, asRead: fields };
      });
      expect(snapshot).toBeInstanceOf(SubscriberAccount);
      expect(asRead).toEqual({ ...loaded });
      expect(snapshot?.confirmedAt).toBeInstanceOf(Date);
      expect(snapshot?.pullDomainEvents()).toHaveLength(1);
      // Changed in a unit of work that ran to its end, yet nothing was saved.
      expect((await app.get(UnitOfWork).run(() => repository.byLogin('09000077')))?.invoiceByEmail).toBe(loaded?.invoiceByEmail);
      // Outside a transaction (as a login reads it): straight from a pooled connection, the same fields.
      expect({ ...(await repository.snapshotByLogin('09000077')) }).toEqual({ ...loaded });
      expect(await repository.snapshotByLogin('09000078')).toBeNull();
      expect(await repository.snapshotByLogin("o'brien\\' or login <> '")).toBeNull();
    });

    it('keeps one cabinet per login: a second account for the same contract is refused by the database', async () => {
      const repository = app.get(SubscriberAccountRepository);
      await app.get(UnitOfWork).run(async () => repository.add(new SubscriberAccountBuilder().individual('09000001').confirmed().build()));
      await expect(app.get(UnitOfWork).run(async () => repository.add(new SubscriberAccountBuilder().individual('09000001').confirmed().build()))).rejects.toThrow(/unique/i);
    });
  });

  describe('login throttling in Redis', () => {
    const clock = new SystemClock();
    const throttleOn = (redis: Redis) => new RedisAttemptThrottle(redis, clock, 'login', THROTTLE);
    const waitOf = (attempt: LoginAttempt) => (attempt.allowed ? attempt.waitIfFailed : -1);

    it('counts attempts of one login across web processes before the password, and makes the 5th and later wait longer and longer', async () => {
      const first = throttleOn(processClient());
      const second = throttleOn(processClient());
      for (let i = 1; i < THROTTLE.subjectThreshold; i += 1) {
        expect(waitOf(await (i % 2 ? first : second).attempt('vk100', `10.0.0.${i}`))).toBe(0);
      }
      // The 5th attempt is allowed, and already makes the next one wait 30 s (should it fail).
      expect(waitOf(await first.attempt('VK100', '10.0.0.9'))).toBe(30);
      const refused = await second.attempt('vk100', '10.0.0.10');
      expect(refused.allowed).toBe(false);
      expect(refused.allowed ? 0 : refused.retryAfterSeconds).toBeGreaterThan(25);
      expect(refused.allowed ? 0 : refused.retryAfterSeconds).toBeLessThanOrEqual(30);
      expect((await first.attempt('vk101', '10.0.0.12')).allowed).toBe(true);
    });

    it("forgets a login's attempts after a success, and gives the address its attempt back", async () => {
      const throttle = throttleOn(processClient());
      for (let i = 0; i < THROTTLE.subjectThreshold - 1; i += 1) await throttle.attempt('vk200', '10.1.0.1');
      const right = await throttle.attempt('vk200', '10.1.0.1');
      if (!right.allowed) throw new Error('the 5th attempt is allowed');
      expect(right.waitIfFailed).toBe(30);
      await throttle.succeeded(right.ticket);
      // The login starts afresh; the address counts the 4 failures only.
      expect(waitOf(await throttle.attempt('vk200', '10.1.0.1'))).toBe(0);
      for (let i = 0; i < THROTTLE.addressThreshold - 6; i += 1) await throttle.attempt(`vk3${i}`, '10.1.0.1');
      expect(waitOf(await throttle.attempt('vk399', '10.1.0.1'))).toBe(30);
      expect((await throttle.attempt('vk-any-other', '10.1.0.1')).allowed).toBe(false);
      expect((await throttle.attempt('vk-any-other', '10.1.0.2')).allowed).toBe(true);
    });

    it('lets through at most the threshold of 100 concurrent attempts of one login', async () => {
      const throttles = [throttleOn(processClient()), throttleOn(processClient())];
      const attempts = await Promise.all(Array.from({ length: 100 }, (_, i) => throttles[i % 2].attempt('vk600', `10.3.${i}.1`)));
      expect(attempts.filter((a) => a.allowed)).toHaveLength(THROTTLE.subjectThreshold);
    });
  });

  describe('API tokens in Redis', () => {
    it('keeps only the hash, expires, and revokes all of a subscriber but the one kept', async () => {
      const redis = processClient();
      const store = new RedisApiTokenStore(redis);
      const a = await store.issue('11111111-1111-1111-1111-111111111111');
      const b = await store.issue('11111111-1111-1111-1111-111111111111');
      expect(await store.resolve(a.token)).toBe('11111111-1111-1111-1111-111111111111');
      const keys = await redis.keys(`${config.redisPrefix}:api-token:*`);
      expect(keys.join()).not.toContain(a.token);
      expect(await redis.ttl(keys[0].slice(config.redisPrefix.length + 1))).toBeGreaterThan(3600);
      // The subscriber's index (under the same prefix) holds both hashes and expires with them.
      expect(await redis.scard('api-tokens-of:11111111-1111-1111-1111-111111111111')).toBe(2);
      expect(await redis.ttl('api-tokens-of:11111111-1111-1111-1111-111111111111')).toBeGreaterThan(3600);
      expect(await store.revokeAllOf('11111111-1111-1111-1111-111111111111', b.token)).toBe(1);
      expect(await store.resolve(a.token)).toBeNull();
      expect(await store.resolve(b.token)).toBe('11111111-1111-1111-1111-111111111111');
    });
  });
});
