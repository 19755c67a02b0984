import 'reflect-metadata';
import { loadConfigOrExit } from '@app/config';
import { boundShutdown } from './bounded-shutdown';
import { createWorker } from './create-worker';
import { prepareDatabase } from './prepare-database';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  await prepareDatabase(config.databaseUrl, (line) => process.stdout.write(`${line}\n`));
  const worker = await createWorker(config);
  boundShutdown(config.shutdownTimeoutSeconds, 'Worker process');
  await worker.init();
  process.stdout.write('Worker process started: e-mail, PDF, back-office events, outbox relay\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`Worker process failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
