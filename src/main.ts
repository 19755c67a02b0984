import 'reflect-metadata';
import { loadConfigOrExit } from '@app/config';
import { boundShutdown } from './bounded-shutdown';
import { createWebApp } from './create-web-app';
import { prepareDatabase } from './prepare-database';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  await prepareDatabase(config.databaseUrl, (line) => process.stdout.write(`${line}\n`));
  const app = await createWebApp(config);
  boundShutdown(config.shutdownTimeoutSeconds, 'Web process');
  await app.listen(config.port);
  process.stdout.write(`Web process listening on ${config.publicUrl.origin} (port ${config.port})\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Web process failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
