/**
 * Creates a staff account for the queue dashboard, or sets a new password for an existing one:
 *   npm run staff:create -- <login> [password]
 * Without a password, a random one is generated and printed once.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { loadConfigOrExit } from '@app/config';
import { PersistenceModule } from '@app/persistence';
import { StaffAccounts, StaffAccountsModule } from '@modules/staff';
import { prepareDatabase } from '../prepare-database';

async function main(): Promise<void> {
  const [login, given] = process.argv.slice(2);
  if (!login) throw new Error('Usage: npm run staff:create -- <login> [password]');
  const password = given ?? randomBytes(12).toString('base64url');
  const config = loadConfigOrExit();
  await prepareDatabase(config.databaseUrl);

  @Module({ imports: [PersistenceModule.forRoot({ databaseUrl: config.databaseUrl, poolMax: 2 }), StaffAccountsModule] })
  class StaffCliModule {}

  const app = await NestFactory.createApplicationContext(StaffCliModule, { logger: false });
  try {
    const { account, created } = await app.get(StaffAccounts).upsert(login, password);
    process.stdout.write(`${created ? 'Created' : 'Updated'} staff account "${account.login}"${given ? '' : ` with password: ${password}`}\n`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
