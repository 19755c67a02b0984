import { EntityManager } from '@mikro-orm/postgresql';
import type { Row, UnitTransaction } from './running-unit';

/**
 * The transaction of a unit of work that may use the ORM: a fresh fork of the global EntityManager
 * with its transaction begun on it directly (what `em.fork().transactional()` does, without its second
 * fork, cloned event manager and merge of the entities back into a fork nobody reads afterwards).
 * Repositories inject the global EntityManager, which resolves to this fork while the unit runs
 * (entityManagerOfContext). Plain SQL runs on the same transaction through MikroORM's public
 * `Connection.execute`, which writes the values into the statement (no prepared statements here: the
 * hot paths run on PlainTransaction).
 */
export class OrmTransaction implements UnitTransaction {
  private constructor(private readonly fork: EntityManager) {}

  static async begin(em: EntityManager): Promise<OrmTransaction> {
    const fork = em.fork({ disableContextResolution: true });
    await fork.begin();
    return new OrmTransaction(fork);
  }

  query(sql: string, params: unknown[]): Promise<Row[]> {
    const [text, values] = ormStatement(sql, params);
    return this.fork.getConnection().execute<Row[]>(text, values, 'all', this.fork.getTransactionContext());
  }

  entityManager(): EntityManager {
    return this.fork;
  }

  /** Stores the ORM's changes so far, in the transaction. */
  async flush(): Promise<void> {
    await this.fork.flush();
  }

  /** Flushes (MikroORM's commit does), then commits. */
  async commit(): Promise<void> {
    await this.fork.commit();
  }

  async rollback(): Promise<void> {
    if (this.fork.isInTransaction()) await this.fork.rollback();
  }
}

/**
 * A statement with $1, $2… parameters as MikroORM's `Connection.execute` takes one: a `?` for each
 * parameter where it appears (one used twice is given twice) and a `?` of the text itself escaped.
 * MikroORM writes the values into the text as literals, and an array as a list (`'a', 'b'`, for
 * `in (?)`): our statements pass arrays to `$n::text[]`, so an array goes as PostgreSQL's array literal.
 */
export function ormStatement(sql: string, params: readonly unknown[]): [string, unknown[]] {
  const values: unknown[] = [];
  const text = sql.replace(/\?|\$(\d+)/g, (match, index: string | undefined) => {
    if (index === undefined) return '\\?';
    values.push(arrayLiteral(params[Number(index) - 1]));
    return '?';
  });
  return [text, values];
}

/** `{"a","b",NULL}`: an array as the text PostgreSQL reads into any array type; any other value as is. */
function arrayLiteral(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const elements = value.map((element) => (element === null || element === undefined ? 'NULL' : `"${String(element).replace(/[\\"]/g, '\\$&')}"`));
  return `{${elements.join(',')}}`;
}
