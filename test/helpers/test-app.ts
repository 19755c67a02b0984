import { INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig } from '@app/config';
import { createWebApp } from '../../src/create-web-app';
import type { ProcessOptions } from '../../src/core.module';
import { createWorker } from '../../src/create-worker';
import { testClock } from './test-clock';

/**
 * The web process as main.ts starts it, listening on the config's port, on the run's clock (testClock):
 * the machine's, or the day TEST_CLOCK names.
 */
export async function startWeb(config: AppConfig, options: ProcessOptions = {}): Promise<NestExpressApplication> {
  const app = await createWebApp(config, { clock: testClock(), ...options });
  await app.listen(config.port, '127.0.0.1');
  return app;
}

/** The worker process as worker.ts starts it, on the run's clock (testClock). */
export async function startWorker(config: AppConfig, options: ProcessOptions = {}): Promise<INestApplicationContext> {
  const worker = await createWorker(config, { clock: testClock(), ...options });
  await worker.init();
  return worker;
}

/** Polls until `check` returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const started = Date.now();
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
