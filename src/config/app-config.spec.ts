import { ConfigError, loadConfig } from './app-config';

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
  ])('refuses %s=%s with a message that names it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('requires SESSION_SECRET and SMTP_URL in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25' })).toThrow(/SESSION_SECRET is required in production/);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) })).toThrow(/SMTP_URL is required in production/);
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), SMTP_URL: 'smtp://mail:25' }).production).toBe(true);
  });

  it('never repeats a password from a URL in its message', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:secret@db/x' })).not.toThrow(/secret/);
  });
});
