/** What both ioredis and BullMQ accept as connection options. */
export interface RedisConnectionOptions {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls?: object;
  /** Milliseconds before the next attempt to reconnect (the `times`-th). */
  retryStrategy: (times: number) => number;
}

/**
 * Reconnecting after Redis went away: every 100 ms more per attempt, at most every 2 s (ioredis's own
 * default rule, which BullMQ replaces for its connections with e^times up to 20 s: after an outage of
 * ten seconds or more, its queues and workers came back up to 20 s after Redis did).
 */
export function redisRetryDelay(times: number): number {
  return Math.min(100 * times, 2000);
}

/** ioredis options from a redis:// or rediss:// URL. */
export function redisOptionsFromUrl(redisUrl: string): RedisConnectionOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    retryStrategy: redisRetryDelay,
  };
}

/** The BullMQ key prefix of a deployment (each test run has its own). */
export function bullPrefix(redisPrefix: string): string {
  return `${redisPrefix}:bull`;
}
