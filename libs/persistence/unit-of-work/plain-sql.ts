import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DriverException } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Pool, PoolClient, PoolConfig } from 'pg';
import { DATABASE_POOL_IDLE_MS } from '../pool-settings';
import { preparedStatement } from './prepared-statements';
import { Row, RunningUnit } from './running-unit';

/**
 * Plain SQL ($1, $2… parameters) without the query builder or the ORM's mapping: what the hot paths'
 * adapters read and write with. Inside a unit of work a statement runs in the unit's transaction;
 * outside one, on a connection of this pool for that statement alone (without a fork of the ORM, which
 * it does not need). Rows come as MikroORM reads them (dates and timestamps as strings: the pool's
 * connections are configured as MikroORM configures its own); database errors as MikroORM's exceptions
 * (UniqueConstraintViolationException…).
 *
 * The pool is the unit of work's own (node-postgres, as large as the ORM's), and so are its plain-SQL
 * transactions (PlainTransaction): statements on it are named, each prepared once per connection.
 */
@Injectable()
export class PlainSql implements OnApplicationShutdown {
  private readonly logger = new Logger(PlainSql.name);
  private readonly pool: Pool;

  constructor(private readonly orm: MikroORM) {
    // MikroORM's own options for node-postgres: the server, the credentials, and the type parsers that
    // keep dates and timestamps as text (typed as its generic ConnectionConfig; the password is a string here).
    const connection = orm.em.getConnection().getConnectionOptions() as PoolConfig;
    this.pool = new Pool({ ...connection, max: orm.config.get('pool')?.max, idleTimeoutMillis: DATABASE_POOL_IDLE_MS });
    // A connection that fails while idle (the server restarted) is dropped by the pool; the next statement gets a new one.
    this.pool.on('error', (error) => this.logger.warn(`An idle PostgreSQL connection failed: ${error.message}`));
    // One that fails while checked out (between the statements of a transaction) emits 'error' on the
    // client itself, which without a listener ends the process: the statement in flight, or the next
    // one, fails instead, and the transaction's caller sees it (the soak test's cut of PostgreSQL).
    this.pool.on('connect', (client) => client.on('error', (error) => this.logger.warn(`A PostgreSQL connection in use failed: ${error.message}`)));
  }

  async query<R = Row>(sql: string, params: unknown[] = []): Promise<R[]> {
    const unit = RunningUnit.current();
    if (unit) return (await unit.query(sql, params)) as R[];
    try {
      return (await this.pool.query(preparedStatement(sql, params))).rows as R[];
    } catch (error) {
      throw this.converted(error);
    }
  }

  /** A connection of the pool, for a plain-SQL unit of work's transaction (given back with `release`). */
  connect(): Promise<PoolClient> {
    return this.pool.connect();
  }

  /** An error of the PostgreSQL server as MikroORM's exception (UniqueConstraintViolationException…); anything else as is. */
  converted(error: unknown): unknown {
    return isDatabaseError(error) ? this.orm.em.getDriver().convertException(error) : error;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

/** An error of the PostgreSQL server (not yet converted into one of MikroORM's exceptions). */
function isDatabaseError(error: unknown): error is Error {
  return error instanceof Error && !(error instanceof DriverException) && typeof (error as { code?: unknown }).code === 'string' && 'severity' in error;
}
