import { randomBytes } from 'node:crypto';
import { ConfigError, DEV_SESSION_SECRET, loadConfig, weakSessionSecret } from './app-config';

/** What `openssl rand -base64 48` prints (64 characters). */
const STRONG = 'r4Jd0C8m6Gx1Yp2QbT9vWcZ3nH5sK7fLqE+uA/oN0iVjXyMz8gRkP1tBw2e3Dh4F';
const OLD = 'Vf2LkA9pX0cQ7mZ3rT8bN1wY5sH6dJ4gUeKoI+tPq/yRnM2xC3vB8aE7zW0lG9hS';

describe('configuration', () => {
  it('has defaults that work on a developer machine', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.publicUrl.origin).toBe('http://localhost:3000');
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/vodokanal');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.smtpUrl).toBeNull();
    expect(config.production).toBe(false);
    expect(config.outbox).toEqual({ maxAttempts: 10, retryDelayMs: 1000 });
    expect(config.retention).toEqual({ everyMinutes: 60, outboxDays: 7, inboundDays: 90, mailDays: 30, documentDays: 30, jobsCompletedDays: 7, jobsFailedDays: 30 });
    expect(config.metrics).toEqual({ allow: [], workerPort: 9464 });
    expect(loadConfig({ METRICS_ALLOW: '127.0.0.1, ::1, 10.0.0.0/8' }).metrics.allow).toEqual(['127.0.0.1', '::1', '10.0.0.0/8']);
    expect(config.verificationRemindersAt).toBe('09:00');
    expect(config.shutdownTimeoutSeconds).toBe(20);
    expect(loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: '45' }).shutdownTimeoutSeconds).toBe(45);
  });

  it.each([
    ['PORT', 'abc', /PORT must be a port number/],
    ['PORT', '70000', /PORT must be a port number/],
    ['PUBLIC_URL', 'not a url', /PUBLIC_URL is not a valid URL/],
    ['DATABASE_URL', 'mysql://x@y/z', /DATABASE_URL must use postgres: or postgresql:/],
    ['DATABASE_URL', 'postgres://x@y', /DATABASE_URL must name a database/],
    ['REDIS_URL', 'http://x', /REDIS_URL must use redis: or rediss:/],
    ['SMTP_URL', 'mail.example.com', /SMTP_URL is not a valid URL/],
    ['MAIL_FROM', 'nobody', /MAIL_FROM must be an e-mail address/],
    ['CHROMIUM_PATH', '/no/such/browser', /CHROMIUM_PATH points to/],
    ['SESSION_SECRET', 'short', /SESSION_SECRET must be at least 32 characters/],
    ['NODE_ENV', 'staging', /NODE_ENV must be/],
    ['OUTBOX_MAX_ATTEMPTS', '0', /OUTBOX_MAX_ATTEMPTS must be a whole number from 1/],
    ['RETENTION_INBOUND_DAYS', 'ninety', /RETENTION_INBOUND_DAYS must be a whole number/],
    ['METRICS_ALLOW', '127.0.0.1,example.org', /METRICS_ALLOW must be IP addresses or CIDR ranges/],
    ['METRICS_ALLOW', '10.0.0.0/33', /METRICS_ALLOW must be IP addresses or CIDR ranges/],
    ['WORKER_METRICS_PORT', '70000', /WORKER_METRICS_PORT must be a whole number/],
    ['VERIFICATION_REMINDERS_AT', '9:00', /VERIFICATION_REMINDERS_AT must be a time of day/],
    ['VERIFICATION_REMINDERS_AT', '24:00', /VERIFICATION_REMINDERS_AT must be a time of day/],
    ['SHUTDOWN_TIMEOUT_SECONDS', '0', /SHUTDOWN_TIMEOUT_SECONDS must be a positive number/],
  ])('refuses %s=%s with a message that names it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('requires SESSION_SECRET and SMTP_URL in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25' })).toThrow(/SESSION_SECRET is required in production/);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: STRONG })).toThrow(/SMTP_URL is required in production/);
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: STRONG, SMTP_URL: 'smtp://mail:25' }).production).toBe(true);
  });

  describe('SESSION_SECRET in production', () => {
    const production = (secret: string) => loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25', SESSION_SECRET: secret });

    it.each([
      ['the development default', DEV_SESSION_SECRET, /public development value/],
      ['the development default with more after it', `${DEV_SESSION_SECRET}-2026`, /public development value/],
      ['32 characters (fewer than 32 random bytes)', 'aZ3kQ9pL0xW7mN2bV5cR8tY1uE4iO6sD', /too short: 32 characters, at least 43/],
      ['32 bytes only in appearance: 48 hex digits', '0123456789abcdef0123456789abcdef0123456789abcdef', /too short: 48 characters, at least 64 needed for hex digits/],
      ['one character repeated', 'z'.repeat(64), /too few different characters/],
      ['two characters alternating', 'ab'.repeat(40), /too few different characters/],
      ['digits with a different last one', `${'1'.repeat(63)}2`, /too few different characters/],
    ])('refuses %s, naming the variable and how to make a good one', (_what, secret, problem) => {
      expect(() => production(secret)).toThrow(ConfigError);
      expect(() => production(secret)).toThrow(problem);
      expect(() => production(secret)).toThrow(/^Configuration error: SESSION_SECRET .*generate one with `openssl rand -base64 48`$/);
    });

    it('accepts what `openssl rand -base64 48` and `openssl rand -hex 32` make', () => {
      expect(production(STRONG).sessionSecrets).toEqual([STRONG]);
      expect(weakSessionSecret(randomBytes(48).toString('base64'))).toBeNull();
      expect(weakSessionSecret(randomBytes(32).toString('base64url'))).toBeNull();
      for (let i = 0; i < 200; i += 1) expect(weakSessionSecret(randomBytes(32).toString('hex'))).toBeNull();
    });

    it('takes a comma-separated list for rotation: the first signs, all must be strong', () => {
      const config = production(`${STRONG}, ${OLD}`);
      expect(config.sessionSecret).toBe(STRONG);
      expect(config.sessionSecrets).toEqual([STRONG, OLD]);
      expect(() => production(`${STRONG},${DEV_SESSION_SECRET}`)).toThrow(/SESSION_SECRET is the public development value \(secret 2 of the list\)/);
      expect(() => production(`${STRONG},,${OLD}`)).toThrow(/SESSION_SECRET has an empty secret/);
    });

    it('keeps the development default outside production', () => {
      expect(loadConfig({}).sessionSecrets).toEqual([DEV_SESSION_SECRET]);
    });
  });

  describe('TRUST_PROXY', () => {
    it('is off by default, in production too', () => {
      expect(loadConfig({}).trustProxy).toBe(false);
      expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: STRONG, SMTP_URL: 'smtp://mail:25' }).trustProxy).toBe(false);
      expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
      expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    });

    it('takes a number of proxies, or names, addresses and subnets', () => {
      expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
      expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback']);
      expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,172.16.0.0/12 ,fd00::/8,192.168.1.7' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', '172.16.0.0/12', 'fd00::/8', '192.168.1.7']);
    });

    it.each([
      ['true', /may not trust every address/],
      ['11', /number of proxies from 1 to 10/],
      ['10.0.0.0/33', /got "10.0.0.0\/33"/],
      ['loopback,proxy.local', /got "proxy.local"/],
    ])('refuses %s', (raw, problem) => {
      expect(() => loadConfig({ TRUST_PROXY: raw })).toThrow(/^Configuration error: TRUST_PROXY /);
      expect(() => loadConfig({ TRUST_PROXY: raw })).toThrow(problem);
    });
  });

  it('never repeats a password from a URL in its message', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:secret@db/x' })).not.toThrow(/secret/);
  });
});
