/**
 * Creates a staff account for the queue dashboard, or sets a new password (and role) for an existing one:
 *   npm run staff:create -- <login> [password] [--role viewer|operator]
 * Without a password, a random one is generated and printed once. A new account is a `viewer` (Bull
 * Board read-only) unless `--role operator` (may also retry and clean failed jobs) is given; an existing
 * one keeps its role unless `--role` is given.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { loadConfigOrExit } from '@app/config';
import { PersistenceModule } from '@app/persistence';
import { parseStaffRole, StaffAccounts, StaffAccountsModule, StaffRole } from '@modules/staff';
import { prepareDatabase } from '../prepare-database';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const roleAt = args.findIndex((arg) => arg === '--role' || arg.startsWith('--role='));
  let role: StaffRole | undefined;
  if (roleAt >= 0) {
    const value = args[roleAt].startsWith('--role=') ? args[roleAt].slice('--role='.length) : args[roleAt + 1];
    args.splice(roleAt, args[roleAt].startsWith('--role=') ? 1 : 2);
    role = parseStaffRole(value ?? '');
  }
  const [login, given] = args;
  if (!login) throw new Error('Usage: npm run staff:create -- <login> [password] [--role viewer|operator]');
  const password = given ?? randomBytes(12).toString('base64url');
  const config = loadConfigOrExit();
  await prepareDatabase(config.databaseUrl);

  @Module({ imports: [PersistenceModule.forRoot({ databaseUrl: config.databaseUrl, poolMax: 2 }), StaffAccountsModule] })
  class StaffCliModule {}

  const app = await NestFactory.createApplicationContext(StaffCliModule, { logger: false });
  try {
    const { account, created } = await app.get(StaffAccounts).upsert(login, password, role);
    process.stdout.write(`${created ? 'Created' : 'Updated'} staff account "${account.login}" (${account.role})${given ? '' : ` with password: ${password}`}\n`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
