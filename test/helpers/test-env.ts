import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Client } from 'pg';
import { AppConfig, loadConfig } from '@app/config';

/** Run id set by the global setup; a test file run alone still gets one. */
export function runId(): string {
  const id = process.env.TEST_RUN_ID;
  if (!id) throw new Error('TEST_RUN_ID is not set: run the tests through jest (npm test)');
  return id;
}

/**
 * A database of its own for the calling test file, cloned from the run's migrated template (fast,
 * and no test sees another's rows). Dropped by the global teardown.
 */
export async function createTestDatabase(): Promise<string> {
  const template = new URL(process.env.TEST_TEMPLATE_DATABASE_URL ?? '');
  const name = `vk_test_${runId()}_${randomBytes(4).toString('hex')}`;
  const admin = new URL(template.toString());
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    // CREATE DATABASE … TEMPLATE fails while another session is connected to the template; retry briefly.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await client.query(`create database "${name}" template "${template.pathname.slice(1)}"`);
        break;
      } catch (error) {
        if (attempt >= 20 || (error as { code?: string }).code !== '55006') throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  } finally {
    await client.end();
  }
  const url = new URL(template.toString());
  url.pathname = `/${name}`;
  return url.toString();
}

/** A Redis key prefix of its own for the calling test file. */
export function testRedisPrefix(): string {
  return `test-${runId()}-${randomBytes(4).toString('hex')}`;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The configuration a test process would read from its environment, with its own DB and prefix. */
export async function testConfig(env: Record<string, string | undefined> = {}): Promise<AppConfig> {
  const port = await freePort();
  return loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: await createTestDatabase(),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: testRedisPrefix(),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    ...env,
  });
}
