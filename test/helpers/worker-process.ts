import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { AppConfig } from '@app/config';

const root = join(__dirname, '..', '..');

/**
 * A worker as a process of its own, started as `npm run start:worker` starts it (src/worker.ts: the
 * database prepared, then createWorker), but from the sources (ts-node, transpile only), on the test's
 * database and Redis prefix. For tests that need several workers on one PostgreSQL and one Redis.
 * Resolves once the worker says it started; its stderr is passed through.
 */
export async function startWorkerProcess(config: AppConfig, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(root, 'src', 'worker.ts')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: config.databaseUrl,
      REDIS_URL: config.redisUrl,
      REDIS_PREFIX: config.redisPrefix,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
      TS_NODE_PROJECT: join(root, 'tsconfig.json'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`the worker process exited with ${code} before it started`));
    child.once('exit', exited);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Worker process started')) {
        child.off('exit', exited);
        resolve();
      }
    });
  });
  return child;
}

/**
 * Stops it (SIGTERM, the worker closes its queues) and waits until it has exited; returns the seconds
 * that took. After `withinMs` (no bound by default) it is killed (SIGKILL) and the answer is Infinity.
 */
export async function stopWorkerProcess(child: ChildProcess | undefined, withinMs = Infinity): Promise<number> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return 0;
  const exited = new Promise<true>((resolve) => child.once('exit', () => resolve(true)));
  const started = Date.now();
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    if (Number.isFinite(withinMs)) timer = setTimeout(() => resolve(false), withinMs);
  });
  const ended = await Promise.race([exited, late]);
  clearTimeout(timer);
  if (ended) return (Date.now() - started) / 1000;
  child.kill('SIGKILL');
  await exited;
  return Infinity;
}
