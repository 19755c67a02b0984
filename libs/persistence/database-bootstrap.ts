import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';

/** Arbitrary but fixed key of the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK_KEY = 727_466_001;

/**
 * A process starting while PostgreSQL cannot be reached fails within this time, saying so, rather than
 * wait on a connection attempt for as long as the kernel keeps trying (minutes when packets are lost);
 * its service manager starts it again.
 */
const CONNECT_TIMEOUT_MS = 10_000;

function maintenanceUrl(databaseUrl: string): { url: string; database: string } {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  url.pathname = '/postgres';
  return { url: url.toString(), database };
}

/** Creates the database named by the URL when it does not exist; safe when several processes race. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const { url, database } = maintenanceUrl(databaseUrl);
  const client = new Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount) return false;
    try {
      await client.query(`create database "${database.replace(/"/g, '""')}"`);
      return true;
    } catch (error) {
      const code = (error as { code?: string }).code;
      // 42P04: duplicate_database; 23505: another process created it between our check and create.
      if (code === '42P04' || code === '23505') return false;
      throw error;
    }
  } finally {
    await client.end();
  }
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const { url, database } = maintenanceUrl(databaseUrl);
  const client = new Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await client.connect();
  try {
    await client.query(`drop database if exists "${database.replace(/"/g, '""')}" with (force)`);
  } finally {
    await client.end();
  }
}

/**
 * Applies the committed migrations under a PostgreSQL advisory lock, so that processes starting at the
 * same time apply them once, one after another. Returns the names of the migrations applied.
 */
export async function applyMigrations(orm: MikroORM, databaseUrl: string): Promise<string[]> {
  const lock = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await orm.getMigrator().up();
    return applied.map((migration) => migration.name);
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}
