import { existsSync } from 'node:fs';
import { isIP } from 'node:net';

/**
 * The process configuration of SPEC §5, read once from the environment and validated.
 * A missing or malformed value stops the process with a message that names the variable.
 */
export interface AppConfig {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly production: boolean;
  readonly port: number;
  readonly publicUrl: URL;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** Prefix of every Redis key this deployment writes (queues, sessions, counters). */
  readonly redisPrefix: string;
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  /** CHROMIUM_PATH as given; null: the worker finds an installed browser itself (libs/documents). */
  readonly chromiumPath: string | null;
  /** The secret that signs session cookies: the first of SESSION_SECRET's list. */
  readonly sessionSecret: string;
  /**
   * Every secret of SESSION_SECRET (comma-separated), the signing one first: the older ones still verify
   * session cookies and open sealed e-mail parameters, so a secret can be rotated without logging anyone out.
   */
  readonly sessionSecrets: readonly string[];
  readonly logLevel: string;
  /** The outbox relay: attempts of one row before it is parked, and the first wait between them. */
  readonly outbox: { readonly maxAttempts: number; readonly retryDelayMs: number };
  /** How long data is kept (docs/operations.md, «Retention»); run by the worker every `everyMinutes`. */
  readonly retention: RetentionSettings;
  /** Who may read /metrics (web) and the worker's metrics port; empty: nobody (the endpoint is off). */
  readonly metrics: { readonly allow: readonly string[]; readonly workerPort: number };
  /** VERIFICATION_REMINDERS_AT: the utility's local time ("HH:MM", UTC+05:00) the worker sends the day's verification reminders at. */
  readonly verificationRemindersAt: string;
  /** SHUTDOWN_TIMEOUT_SECONDS (20): how long a stop (SIGTERM, SIGINT) may take before the process exits regardless. */
  readonly shutdownTimeoutSeconds: number;
  /** How long sessions live: idle without «Запомнить меня», idle with it, and at most since the login. */
  readonly sessions: SessionLifetimes;
  /**
   * Express's `trust proxy`: false (the default) ignores X-Forwarded-For/-Proto and takes the client
   * address from the connection; a hop count, or the proxies' addresses (names such as `loopback`, IPs,
   * CIDRs), when a reverse proxy stands in front of the web process.
   */
  readonly trustProxy: false | number | string[];
}

export interface SessionLifetimes {
  /** SESSION_IDLE_MINUTES (30): a browser session ends after this long without a request. */
  readonly idleSeconds: number;
  /** SESSION_REMEMBER_DAYS (30): «Запомнить меня» keeps the session this long after the last request. */
  readonly rememberSeconds: number;
  /** SESSION_MAX_AGE_DAYS (30): any session ends this long after its login, however often it is used. */
  readonly maxAgeSeconds: number;
}

export interface RetentionSettings {
  readonly everyMinutes: number;
  /** Delivered outbox rows (RETENTION_OUTBOX_DAYS). */
  readonly outboxDays: number;
  /** Inbound event ids: the idempotency window of the back office's events (RETENTION_INBOUND_DAYS). */
  readonly inboundDays: number;
  /** E-mail messages (recipient, status); their sealed parameters go as soon as they are sent or given up (RETENTION_MAIL_DAYS). */
  readonly mailDays: number;
  /** Document requests after they expired; their PDF goes at expiry (RETENTION_DOCUMENT_DAYS). */
  readonly documentDays: number;
  /** BullMQ jobs: completed ones (JOBS_KEEP_COMPLETED_DAYS) and failed ones (JOBS_KEEP_FAILED_DAYS). */
  readonly jobsCompletedDays: number;
  readonly jobsFailedDays: number;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`Configuration error: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

export const DEV_SESSION_SECRET = 'development-only-session-secret-not-for-production';

const GENERATE_SECRET = 'generate one with `openssl rand -base64 48`';

/**
 * Why a production session secret is too weak, or null. The rule: at least 32 bytes of random data as
 * text, i.e. 43 characters or more (what base64 makes of 32 bytes; 64 or more when it is only hex
 * digits, which carry 4 bits each), at least 10 different characters (refuses "zzzz…", "1111…2",
 * "abab…"), and never the public development value or a text containing it.
 */
export function weakSessionSecret(secret: string): string | null {
  if (secret.includes(DEV_SESSION_SECRET)) return 'is the public development value';
  const hexOnly = /^[0-9a-fA-F]+$/.test(secret);
  const minimum = hexOnly ? 64 : 43;
  if (secret.length < minimum) {
    return `is too short: ${secret.length} characters, at least ${minimum} needed${hexOnly ? ' for hex digits' : ''} (32 random bytes)`;
  }
  if (new Set(secret).size < 10) return 'has too few different characters to be random';
  return null;
}

type Env = Record<string, string | undefined>;

function value(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

function url(env: Env, name: string, fallback: string | undefined, protocols: string[]): string {
  const raw = value(env, name) ?? fallback;
  if (raw === undefined) throw new ConfigError(name, 'is required but not set');
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a valid URL (got "${redact(raw)}")`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')} (got "${parsed.protocol}")`);
  }
  return raw;
}

function wholeNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const parsed = Number(raw);
  if (!/^\d+$/.test(raw) || parsed < min || parsed > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return parsed;
}

/** IPv4/IPv6 addresses and CIDR ranges, comma-separated (METRICS_ALLOW). */
function addressList(env: Env, name: string): string[] {
  const raw = value(env, name);
  if (raw === undefined) return [];
  const entries = raw.split(',').map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address);
    const maxBits = family === 4 ? 32 : 128;
    if (family === 0 || extra !== undefined || (bits !== undefined && (!/^\d+$/.test(bits) || Number(bits) > maxBits))) {
      throw new ConfigError(name, `must be IP addresses or CIDR ranges separated by commas (got "${entry}")`);
    }
  }
  return entries;
}

/** Never echo a password embedded in a URL back into logs. */
function redact(raw: string): string {
  return raw.replace(/\/\/([^:/@]+):([^@]*)@/, '//$1:***@');
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnvRaw = value(env, 'NODE_ENV') ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    throw new ConfigError('NODE_ENV', `must be development, production or test (got "${nodeEnvRaw}")`);
  }
  const nodeEnv = nodeEnvRaw as AppConfig['nodeEnv'];
  const production = nodeEnv === 'production';

  const portRaw = value(env, 'PORT') ?? '3000';
  const port = Number(portRaw);
  if (!/^\d+$/.test(portRaw) || port < 0 || port > 65535) {
    throw new ConfigError('PORT', `must be a port number 0..65535 (got "${portRaw}")`);
  }

  const publicUrl = new URL(url(env, 'PUBLIC_URL', `http://localhost:${port}`, ['http:', 'https:']));
  const databaseUrl = url(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/vodokanal', ['postgres:', 'postgresql:']);
  if (new URL(databaseUrl).pathname.replace(/^\//, '') === '') {
    throw new ConfigError('DATABASE_URL', 'must name a database (e.g. postgres://user@host:5432/vodokanal)');
  }
  const redisUrl = url(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']);

  const redisPrefix = value(env, 'REDIS_PREFIX') ?? 'vk';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(redisPrefix)) {
    throw new ConfigError('REDIS_PREFIX', `may hold only letters, digits, "_" and "-" (got "${redisPrefix}")`);
  }

  const smtpUrlRaw = value(env, 'SMTP_URL');
  const smtpUrl = smtpUrlRaw === undefined ? null : url(env, 'SMTP_URL', undefined, ['smtp:', 'smtps:']);

  const mailFrom = value(env, 'MAIL_FROM') ?? `Водоканал <no-reply@${publicUrl.hostname}>`;
  if (!/^(.*<)?[^\s@<>]+@[^\s@<>]+>?$/.test(mailFrom)) {
    throw new ConfigError('MAIL_FROM', `must be an e-mail address, optionally as "Name <address>" (got "${mailFrom}")`);
  }

  const chromiumPath = value(env, 'CHROMIUM_PATH') ?? null;
  if (chromiumPath !== null && !existsSync(chromiumPath)) {
    throw new ConfigError('CHROMIUM_PATH', `points to "${chromiumPath}", which does not exist`);
  }

  const secretRaw = value(env, 'SESSION_SECRET');
  if (production && secretRaw === undefined) {
    throw new ConfigError('SESSION_SECRET', `is required in production: ${GENERATE_SECRET}`);
  }
  const sessionSecrets = secretRaw === undefined ? [DEV_SESSION_SECRET] : secretRaw.split(',').map((secret) => secret.trim());
  sessionSecrets.forEach((secret, index) => {
    const which = sessionSecrets.length > 1 ? ` (secret ${index + 1} of the list)` : '';
    if (secret === '') throw new ConfigError('SESSION_SECRET', `has an empty secret in its comma-separated list${which}`);
    if (production) {
      const weakness = weakSessionSecret(secret);
      if (weakness) throw new ConfigError('SESSION_SECRET', `${weakness}${which}: ${GENERATE_SECRET}`);
    } else if (secret.length < 32) {
      throw new ConfigError('SESSION_SECRET', `must be at least 32 characters long${which}`);
    }
  });
  if (production && smtpUrl === null) {
    throw new ConfigError('SMTP_URL', 'is required in production (the development mailbox exists only outside production)');
  }

  const sessions: SessionLifetimes = {
    idleSeconds: positiveNumber(env, 'SESSION_IDLE_MINUTES', 30) * 60,
    rememberSeconds: positiveNumber(env, 'SESSION_REMEMBER_DAYS', 30) * 24 * 3600,
    maxAgeSeconds: positiveNumber(env, 'SESSION_MAX_AGE_DAYS', 30) * 24 * 3600,
  };

  const logLevel = value(env, 'LOG_LEVEL') ?? (nodeEnv === 'test' ? 'warn' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of fatal, error, warn, info, debug, trace, silent (got "${logLevel}")`);
  }

  const day = 24 * 60;
  const verificationRemindersAt = value(env, 'VERIFICATION_REMINDERS_AT') ?? '09:00';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(verificationRemindersAt)) {
    throw new ConfigError('VERIFICATION_REMINDERS_AT', `must be a time of day as HH:MM, e.g. 09:00 (got "${verificationRemindersAt}")`);
  }

  return {
    nodeEnv,
    production,
    port,
    publicUrl,
    databaseUrl,
    redisUrl,
    redisPrefix,
    smtpUrl,
    mailFrom,
    chromiumPath,
    sessionSecret: sessionSecrets[0],
    sessionSecrets,
    logLevel,
    verificationRemindersAt,
    shutdownTimeoutSeconds: positiveNumber(env, 'SHUTDOWN_TIMEOUT_SECONDS', 20),
    sessions,
    trustProxy: trustProxyOf(env),
    outbox: {
      maxAttempts: wholeNumber(env, 'OUTBOX_MAX_ATTEMPTS', 10, 1, 1000),
      retryDelayMs: wholeNumber(env, 'OUTBOX_RETRY_DELAY_MS', 1000, 1, 3_600_000),
    },
    retention: {
      everyMinutes: wholeNumber(env, 'RETENTION_EVERY_MINUTES', 60, 1, day),
      outboxDays: wholeNumber(env, 'RETENTION_OUTBOX_DAYS', 7, 1, 3650),
      inboundDays: wholeNumber(env, 'RETENTION_INBOUND_DAYS', 90, 1, 3650),
      mailDays: wholeNumber(env, 'RETENTION_MAIL_DAYS', 30, 1, 3650),
      documentDays: wholeNumber(env, 'RETENTION_DOCUMENT_DAYS', 30, 0, 3650),
      jobsCompletedDays: wholeNumber(env, 'JOBS_KEEP_COMPLETED_DAYS', 7, 1, 3650),
      jobsFailedDays: wholeNumber(env, 'JOBS_KEEP_FAILED_DAYS', 30, 1, 3650),
    },
    metrics: {
      allow: addressList(env, 'METRICS_ALLOW'),
      workerPort: wholeNumber(env, 'WORKER_METRICS_PORT', 9464, 0, 65535),
    },
  };
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrSubnet(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** TRUST_PROXY: unset, `false` or `0` off; `1`…`10` hops; or a comma-separated list of names, IPs and CIDRs. */
function trustProxyOf(env: Env): AppConfig['trustProxy'] {
  const raw = value(env, 'TRUST_PROXY');
  if (raw === undefined || raw === 'false' || raw === '0') return false;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 10) throw new ConfigError('TRUST_PROXY', `must be a number of proxies from 1 to 10 (got "${raw}")`);
    return hops;
  }
  if (raw === 'true') {
    throw new ConfigError('TRUST_PROXY', 'may not trust every address ("true"): give the number of proxies in front (e.g. 1) or their addresses (loopback, 10.0.0.0/8)');
  }
  const entries = raw.split(',').map((entry) => entry.trim());
  const wrong = entries.find((entry) => !PROXY_NAMES.includes(entry) && !isAddressOrSubnet(entry));
  if (wrong !== undefined) {
    throw new ConfigError('TRUST_PROXY', `must be false, a number of proxies, or a comma-separated list of ${PROXY_NAMES.join(', ')}, IP addresses and CIDRs (got "${wrong}")`);
  }
  return entries;
}

/** Loads the configuration or ends the process with the message that names the variable. */
export function loadConfigOrExit(env: Env = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/** A positive number (fractions allowed, e.g. 0.5 day), or the default when unset. */
function positiveNumber(env: Env, name: string, fallback: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const parsed = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !(parsed > 0)) throw new ConfigError(name, `must be a positive number (got "${raw}")`);
  return parsed;
}
