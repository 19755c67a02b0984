import type { PoolClient } from 'pg';
import { preparedStatement } from './prepared-statements';
import type { Row, UnitTransaction } from './running-unit';

/**
 * The transaction of a unit of work on plain SQL only (UnitOfWorkOptions.plainSql): one connection of
 * the unit of work's pool (PlainSql), lent with BEGIN sent before the unit's first statement and given
 * back after COMMIT or ROLLBACK. No fork of the ORM and no query builder: the hot path of every
 * submission of readings. A unit that makes no statement takes no connection.
 */
export class PlainTransaction implements UnitTransaction {
  private connection?: Promise<PoolClient>;

  constructor(private readonly pool: { connect(): Promise<PoolClient> }) {}

  async query(sql: string, params: unknown[]): Promise<Row[]> {
    this.connection ??= this.begin();
    return (await (await this.connection).query(preparedStatement(sql, params))).rows;
  }

  /** The ORM has no part in this transaction: using it here is a programming error, and the unit fails. */
  entityManager(): never {
    throw new Error('The ORM was used inside a unit of work run on plain SQL only (UnitOfWorkOptions.plainSql): use PlainSql, or run the command without plainSql');
  }

  /** Nothing of the ORM to store. */
  async flush(): Promise<void> {}

  async commit(): Promise<void> {
    if (!this.connection) return;
    const connection = await this.connection;
    this.connection = undefined;
    try {
      await connection.query('commit');
    } catch (error) {
      connection.release(error as Error);
      throw error;
    }
    connection.release();
  }

  async rollback(): Promise<void> {
    if (!this.connection) return;
    const pending = this.connection;
    this.connection = undefined;
    const connection = await pending.catch(() => undefined);
    if (!connection) return;
    try {
      await connection.query('rollback');
      connection.release();
    } catch (error) {
      // The connection failed (the reason is what the caller is already throwing): the pool drops it.
      connection.release(error as Error);
    }
  }

  private async begin(): Promise<PoolClient> {
    const connection = await this.pool.connect();
    try {
      await connection.query('begin');
      return connection;
    } catch (error) {
      connection.release(error as Error);
      throw error;
    }
  }
}
