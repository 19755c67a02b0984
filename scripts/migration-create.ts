/**
 * Generates a migration from the difference between the entity schemas and the committed snapshot:
 *   npm run migration:create -- <name>
 * Uses a scratch database brought up to date with the committed migrations, so that the diff is
 * exactly what the schemas changed.
 */
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { applyMigrations, createOrmConfig, dropDatabase, ensureDatabase } from '@app/persistence';

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9-]+$/.test(name)) throw new Error('Usage: npm run migration:create -- <kebab-case-name>');
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vodokanal');
  base.pathname = `/vk_migration_scratch_${process.pid}`;
  const url = base.toString();
  await ensureDatabase(url);
  const orm = await MikroORM.init(createOrmConfig({ databaseUrl: url, poolMax: 2 }));
  try {
    await applyMigrations(orm, url);
    // The name becomes part of the class name: kebab-case would not be a valid identifier.
    const result = await orm.getMigrator().createMigration(undefined, false, false, name.replace(/-/g, '_'));
    if (result.diff.up.length === 0) process.stdout.write('No schema changes: no migration written.\n');
    else process.stdout.write(`Written src/migrations/${result.fileName}\n${result.diff.up.join('\n')}\n`);
  } finally {
    await orm.close(true);
    await dropDatabase(url);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
