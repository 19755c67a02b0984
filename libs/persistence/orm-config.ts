import { EntitySchema } from '@mikro-orm/core';
import { Logger } from '@nestjs/common';
import { Migration, Migrator } from '@mikro-orm/migrations';
import { defineConfig, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { requireAll } from './module-discovery';
import { codeRoot, projectRoot, runningFromSources } from './project-root';
import { entityManagerOfContext } from './unit-of-work/orm-context';
import { DATABASE_POOL_IDLE_MS } from './pool-settings';

/** Every `EntitySchema` exported from a `*.schema.ts` file under src/ or libs/. */
export function discoverEntities(): EntitySchema[] {
  const schemas = new Set<EntitySchema>();
  for (const exports of requireAll('.schema')) {
    for (const value of Object.values(exports)) if (value instanceof EntitySchema) schemas.add(value);
  }
  return [...schemas];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- MikroORM's own Constructor<Migration> type
type MigrationClass = new (...args: any[]) => Migration;

/** Every committed migration class of src/migrations, in name order. */
export function discoverMigrations(): Array<{ name: string; class: MigrationClass }> {
  const dir = join(codeRoot(), 'src', 'migrations');
  const extension = runningFromSources ? '.ts' : '.js';
  return readdirSync(dir)
    .filter((file) => /^Migration\d+.*$/.test(file) && file.endsWith(extension) && !file.endsWith('.d.ts'))
    .sort()
    .map((file) => {
      const exports = require(join(dir, file)) as Record<string, unknown>;
      const migration = Object.values(exports).find((value) => typeof value === 'function') as
        | (MigrationClass)
        | undefined;
      if (!migration) throw new Error(`Migration file ${file} exports no class`);
      return { name: file.replace(/\.(ts|js)$/, ''), class: migration };
    });
}

export interface OrmConfigOptions {
  databaseUrl: string;
  debug?: boolean;
  poolMax?: number;
}

const knexLogger = new Logger('Knex');
/** Knex's `log` option: its messages to Nest's logger (pino in the web and worker processes). */
const KNEX_LOG = {
  warn: (message: unknown) => knexLogger.warn(String(message)),
  error: (message: unknown) => knexLogger.error(String(message)),
  deprecate: (method: unknown, alternative: unknown) => knexLogger.warn(`${String(method)} is deprecated, use ${String(alternative)}`),
  debug: (message: unknown) => knexLogger.debug(typeof message === 'string' ? message : JSON.stringify(message)),
};

export function createOrmConfig(options: OrmConfigOptions) {
  return defineConfig({
    driver: PostgreSqlDriver,
    clientUrl: options.databaseUrl,
    entities: discoverEntities(),
    discovery: { warnWhenNoEntities: false },
    extensions: [Migrator],
    forceUtcTimezone: true,
    // Never sync the schema at start: migrations are the only way the schema changes.
    ensureDatabase: false,
    allowGlobalContext: false,
    // The unit of work's fork, else the request's (made on first use); refused in a unit on plain SQL only.
    context: entityManagerOfContext,
    debug: options.debug ?? false,
    pool: { min: 0, max: options.poolMax ?? 10, idleTimeoutMillis: DATABASE_POOL_IDLE_MS },
    // Knex's own warnings (a pooled connection found broken after PostgreSQL went away) into the
    // process's structured log: by default it prints them bare on the console.
    driverOptions: { log: KNEX_LOG },
    migrations: {
      tableName: 'mikro_orm_migrations',
      path: join(projectRoot(), 'dist', 'src', 'migrations'),
      pathTs: join(projectRoot(), 'src', 'migrations'),
      migrationsList: discoverMigrations(),
      transactional: true,
      allOrNothing: true,
      snapshot: true,
      snapshotName: '.snapshot-vodokanal',
      emit: 'ts',
      silent: true,
    },
  });
}
