import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * A process with boundShutdown(1 s) and a shutdown hook of its own, as Nest's enableShutdownHooks has:
 * the hook either never ends (a pool waiting for a connection that is never given back) or closes
 * everything and sends the signal again, as Nest does.
 */
function run(hook: 'hangs' | 'finishes'): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; ms: number }> {
  const script = `
    require(${JSON.stringify(join(__dirname, 'bounded-shutdown.ts'))}).boundShutdown(1, 'Test process');
    const keepAlive = setInterval(() => undefined, 1000);
    const hook = (signal) => {
      process.removeListener('SIGTERM', hook);
      ${hook === 'finishes' ? "setTimeout(() => { clearInterval(keepAlive); process.kill(process.pid, signal); }, 100);" : ''}
    };
    process.on('SIGTERM', hook);
    process.stdout.write('ready\\n');
  `;
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let signalled = 0;
    child.stdout.on('data', () => {
      signalled = Date.now();
      child.kill('SIGTERM');
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal, stderr, ms: Date.now() - signalled }));
  });
}

describe('boundShutdown', () => {
  it('ends a process whose shutdown hangs, after the timeout, saying what is still open', async () => {
    const outcome = await run('hangs');
    expect(outcome.code).toBe(1);
    expect(outcome.ms).toBeGreaterThanOrEqual(900);
    expect(outcome.ms).toBeLessThan(10_000);
    expect(outcome.stderr).toMatch(/Test process had not finished its shutdown 1 s after SIGTERM \(SHUTDOWN_TIMEOUT_SECONDS\); exiting\. Still open: .*Timeout ×1/);
  }, 30_000);

  it('lets a shutdown that finishes end the process by the signal, at once', async () => {
    const outcome = await run('finishes');
    expect(outcome).toMatchObject({ code: null, signal: 'SIGTERM', stderr: '' });
    expect(outcome.ms).toBeLessThan(900);
  }, 30_000);
});
