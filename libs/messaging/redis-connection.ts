/** What both ioredis and BullMQ accept as connection options. */
export interface RedisConnectionOptions {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls?: object;
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
  };
}

/** The BullMQ key prefix of a deployment (each test run has its own). */
export function bullPrefix(redisPrefix: string): string {
  return `${redisPrefix}:bull`;
}
