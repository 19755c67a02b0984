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
    expect(config.verificationRemindersAt).toBe('09:00');
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
    ['VERIFICATION_REMINDERS_AT', '9:00', /VERIFICATION_REMINDERS_AT must be a time of day/],
    ['VERIFICATION_REMINDERS_AT', '24:00', /VERIFICATION_REMINDERS_AT must be a time of day/],
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
