import { NestExpressApplication } from '@nestjs/platform-express';
import Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { redisOptionsFromUrl } from '@app/messaging';
import { UnitOfWork } from '@app/persistence';
import { SubscriberAccount } from '../../src/modules/identity/domain/subscriber-account.aggregate';
import { SubscriberAccountBuilder } from '../../src/modules/identity/testing/subscriber-account.builder';
import { SubscriberAccountRepository } from '../../src/modules/identity/domain/subscriber-account.repository';
import { RedisApiTokenStore } from '../../src/modules/identity/infrastructure/redis/redis-api-token.store';
import { RedisLoginThrottle, THROTTLE } from '../../src/modules/identity/infrastructure/redis/redis-login-throttle';
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
    it('counts failures of one login across web processes and makes the 5th and later wait longer and longer', async () => {
      const first = new RedisLoginThrottle(processClient());
      const second = new RedisLoginThrottle(processClient());
      for (let i = 1; i < THROTTLE.loginThreshold; i += 1) {
        expect(await (i % 2 ? first : second).recordFailure('vk100', `10.0.0.${i}`)).toBe(0);
      }
      expect(await second.retryAfter('VK100', '10.0.0.9')).toBe(0);
      expect(await first.recordFailure('vk100', '10.0.0.9')).toBe(30);
      const wait = await second.retryAfter('vk100', '10.0.0.10');
      expect(wait).toBeGreaterThan(25);
      expect(wait).toBeLessThanOrEqual(30);
      expect(await second.recordFailure('vk100', '10.0.0.11')).toBe(60);
      expect(await first.retryAfter('vk101', '10.0.0.12')).toBe(0);
    });

    it('forgets a login\'s failures after a success, but not the address\'s', async () => {
      const throttle = new RedisLoginThrottle(processClient());
      for (let i = 0; i < THROTTLE.loginThreshold - 1; i += 1) await throttle.recordFailure('vk200', '10.1.0.1');
      await throttle.recordSuccess('vk200');
      expect(await throttle.recordFailure('vk200', '10.1.0.1')).toBe(0);
      for (let i = 0; i < THROTTLE.addressThreshold - 6; i += 1) await throttle.recordFailure(`vk3${i}`, '10.1.0.1');
      expect(await throttle.recordFailure('vk399', '10.1.0.1')).toBe(30);
      expect(await throttle.retryAfter('vk-any-other', '10.1.0.1')).toBeGreaterThan(0);
      expect(await throttle.retryAfter('vk-any-other', '10.1.0.2')).toBe(0);
    });

    it('reads in one check whether a success has failures to forget, and writes nothing when there are none', async () => {
      const redis = processClient();
      const throttle = new RedisLoginThrottle(redis);
      const clean = await throttle.check('vk500', '10.2.0.1');
      expect(clean).toEqual({ retryAfterSeconds: 0, loginHasFailures: false });
      // A failure counted after the check (a concurrent attempt) stays counted: the stricter outcome.
      await throttle.recordFailure('vk500', '10.2.0.2');
      await throttle.recordSuccess('vk500', clean);
      const failed = await throttle.check('VK500', '10.2.0.1');
      expect(failed).toEqual({ retryAfterSeconds: 0, loginHasFailures: true });
      await throttle.recordSuccess('vk500', failed);
      expect(await throttle.check('vk500', '10.2.0.1')).toEqual({ retryAfterSeconds: 0, loginHasFailures: false });

      for (let i = 0; i < THROTTLE.loginThreshold; i += 1) await throttle.recordFailure('vk501', `10.2.1.${i}`);
      const locked = await throttle.check('vk501', '10.2.0.1');
      expect(locked.loginHasFailures).toBe(true);
      expect(locked.retryAfterSeconds).toBeGreaterThan(25);
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
