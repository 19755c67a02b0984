import { MikroORM } from '@mikro-orm/postgresql';
import { applyMigrations, createOrmConfig, ensureDatabase } from '@app/persistence';

/** Creates the database when missing and applies the committed migrations (under an advisory lock). */
export async function prepareDatabase(databaseUrl: string, log: (line: string) => void = () => undefined): Promise<void> {
  if (await ensureDatabase(databaseUrl)) log(`Created database ${new URL(databaseUrl).pathname.slice(1)}`);
  const orm = await MikroORM.init(createOrmConfig({ databaseUrl, poolMax: 2 }));
  try {
    const applied = await applyMigrations(orm, databaseUrl);
    if (applied.length > 0) log(`Applied migrations: ${applied.join(', ')}`);
  } finally {
    await orm.close(true);
  }
}
