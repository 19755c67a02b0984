import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DriverException, TransactionContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';

type Write = () => Promise<void>;

/** A node-postgres client, as knex's client hands them out (the transaction's, or one of the pool's). */
interface PgClient {
  query(text: string, values: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
  query(statement: { name?: string; text: string; values: unknown[] }): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/** Names of the prepared statements, by their SQL text (at most PREPARED_LIMIT texts; others run unnamed). */
const preparedNames = new Map<string, string>();
const PREPARED_LIMIT = 500;

/**
 * A plain-SQL statement as node-postgres runs it: named, so that each connection parses and plans it
 * once and afterwards only binds and executes it (the same texts run on every request of a hot path).
 */
function prepared(text: string, values: unknown[]): { name?: string; text: string; values: unknown[] } {
  let name = preparedNames.get(text);
  if (name === undefined && preparedNames.size < PREPARED_LIMIT) {
    name = `plain_${preparedNames.size + 1}`;
    preparedNames.set(text, name);
  }
  return { name, text, values };
}

/** The parts of knex's client that lend the pool's connections. */
interface KnexClient {
  acquireConnection(): Promise<PgClient>;
  releaseConnection(connection: PgClient): Promise<unknown>;
}

/** The pool behind the EntityManager's connection (knex's client). */
function poolOf(em: EntityManager): KnexClient {
  return em.getConnection().getKnex().client as unknown as KnexClient;
}

/** The unit of work running in an async context, as repository adapters see it (UnitOfWork.current). */
export interface CurrentUnitOfWork {
  /** The same object for every call inside one unit of work: a key for what an adapter keeps per unit. */
  readonly key: object;
  /** Leaves a write for the end of the unit of work: after the handler, before the flush, same transaction. */
  beforeFlush(write: Write): void;
  /**
   * Stores the ORM's changes so far in the transaction, without ending it: for several commands in one
   * unit of work, each seeing the one before as stored (the back-office batches). Refused while writes
   * are left for the end (beforeFlush): those run once, at the end, so commands that leave such writes
   * belong in a unit of work of their own.
   */
  flush(): Promise<void>;
  /**
   * Plain SQL ($1, $2… parameters) straight on the transaction's connection, without the query
   * builder or the ORM's raw-query layer: for hot paths. Rows come as MikroORM reads them (dates and
   * timestamps as strings); database errors as MikroORM's exceptions (UniqueConstraintViolationException…).
   */
  query(sql: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>;
}

/**
 * One unit of work running: the writes adapters left for its end, and its transaction, either on a
 * fork of the ORM (begun at the start) or, for a unit that runs on plain SQL only, on a connection the
 * pool lends with BEGIN sent before its first statement.
 */
interface Unit {
  writes: Write[];
  /** The ORM's fork, with its transaction: units that may use the ORM. */
  fork?: EntityManager;
  /** That transaction's connection, for plain SQL, once asked for. */
  forkConnection?: Promise<PgClient>;
  /** Units on plain SQL only: their transaction's connection, lent and begun on the first statement. */
  plain?: PlainTransaction;
  /** What UnitOfWork.current answers inside this unit, made on its first call. */
  current?: CurrentUnitOfWork;
}

/** The unit of work of each async context (its handler, the adapters it calls, the writes at its end). */
const units = new AsyncLocalStorage<Unit>();

export interface UnitOfWorkOptions {
  /**
   * Every adapter the command's handler uses reads and writes with plain SQL (UnitOfWork.current(…).query)
   * and never through the ORM: the unit then needs no fork of the ORM and no query-builder transaction
   * (the hot paths). Using the ORM inside such a unit is refused (see refuseOrmInPlainSqlUnit).
   */
  plainSql?: boolean;
}

/**
 * The transaction boundary of a use case: handlers load aggregates and call them, never save; the unit
 * of work flushes once at the end, and the outbox subscriber writes the raised events in that flush.
 * Repositories inject the global EntityManager, which resolves to this transaction's fork.
 *
 * One fresh fork of the global EntityManager per run, bound to the async context for the run and its
 * transaction begun and committed (flush first) on it directly: what `em.fork().transactional()` does,
 * without its second fork, cloned event manager and merge of the entities back into a fork nobody
 * reads afterwards. A failure anywhere rolls the whole run back.
 *
 * A repository adapter that writes with plain SQL instead of the ORM's change tracking registers its
 * writes with `UnitOfWork.current(em).beforeFlush(...)`: they run after the handler, just before the
 * flush, in the same transaction (a unique key they break raises the ORM's
 * UniqueConstraintViolationException, as a flush would).
 *
 * A unit run with `plainSql` (commands whose adapters are all plain SQL: the hot path of every
 * submission of readings) makes no fork and no query-builder transaction: its statements run on one
 * connection of the same pool, between a BEGIN sent before the first of them and a COMMIT at the end.
 */
@Injectable()
export class UnitOfWork {
  constructor(private readonly em: EntityManager) {}

  run<T>(work: () => Promise<T>, options: UnitOfWorkOptions = {}): Promise<T> {
    return options.plainSql ? this.runOnPlainSql(work) : this.runOnFork(work);
  }

  private runOnFork<T>(work: () => Promise<T>): Promise<T> {
    const fork = this.em.fork({ disableContextResolution: true });
    const unit: Unit = { writes: [], fork };
    return units.run(unit, () =>
      TransactionContext.create(fork, async () => {
        await fork.begin();
        try {
          const result = await work();
          await runWrites(unit, fork);
          await fork.commit();
          return result;
        } catch (error) {
          if (fork.isInTransaction()) await fork.rollback();
          throw error;
        }
      }),
    );
  }

  private runOnPlainSql<T>(work: () => Promise<T>): Promise<T> {
    const transaction = new PlainTransaction(this.em);
    const unit: Unit = { writes: [], plain: transaction };
    return units.run(unit, async () => {
      try {
        const result = await work();
        await runWrites(unit, this.em);
        await transaction.commit();
        return result;
      } catch (error) {
        await transaction.rollback();
        throw isDatabaseError(error) ? this.em.getDriver().convertException(error) : error;
      }
    });
  }

  /**
   * The unit of work running in this async context, for repository adapters: `query` for plain SQL in
   * its transaction, `beforeFlush` to leave a write for its end, `flush` to store the ORM's changes so
   * far. Throws outside a unit of work: plain-SQL writes are only made inside one.
   */
  static current(em: EntityManager): CurrentUnitOfWork {
    const unit = units.getStore();
    if (!unit) throw new Error('This needs a unit of work: run it through Commands.execute');
    // Adapters ask for it several times per command: one object per unit (every adapter passes the
    // same, global, EntityManager).
    return (unit.current ??= {
      key: unit,
      beforeFlush: (write) => unit.writes.push(write),
      flush: async () => {
        if (unit.writes.length > 0) throw new Error('UnitOfWork.flush: writes are left for the end of this unit of work; run this command in a unit of work of its own');
        if (unit.fork) await unit.fork.flush();
      },
      query: (sql, params = []) => plainQuery(em, sql, params),
    });
  }
}

/** Writes may register more writes: run them in order until none is left. */
async function runWrites(unit: Unit, em: EntityManager): Promise<void> {
  for (let i = 0; i < unit.writes.length; i += 1) {
    try {
      await unit.writes[i]();
    } catch (error) {
      throw isDatabaseError(error) ? em.getDriver().convertException(error) : error;
    }
  }
}

/**
 * Called by the ORM whenever it resolves the EntityManager of the async context (createOrmConfig's
 * `context`): inside a unit of work declared plain SQL, the ORM would read and write outside its
 * transaction, so that is refused as the programming error it is.
 */
export function refuseOrmInPlainSqlUnit(): void {
  if (units.getStore()?.plain) {
    throw new Error('The ORM was used inside a unit of work run on plain SQL only (UnitOfWorkOptions.plainSql): use UnitOfWork.current(em).query, or run the command without plainSql');
  }
}

/** The transaction of a plain-SQL unit of work: a pooled connection, begun before its first statement. */
class PlainTransaction {
  private connection?: Promise<PgClient>;
  private readonly pool: KnexClient;

  constructor(em: EntityManager) {
    this.pool = poolOf(em);
  }

  async query(sql: string, params: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }> {
    this.connection ??= this.begin();
    return (await this.connection).query(prepared(sql, params));
  }

  async commit(): Promise<void> {
    if (!this.connection) return;
    const connection = await this.connection;
    try {
      await connection.query('commit', []);
    } finally {
      this.connection = undefined;
      await this.pool.releaseConnection(connection);
    }
  }

  async rollback(): Promise<void> {
    if (!this.connection) return;
    const pending = this.connection;
    this.connection = undefined;
    const connection = await pending.catch(() => undefined);
    if (!connection) return;
    try {
      await connection.query('rollback', []);
    } catch {
      // The connection failed (the reason is what the caller is already throwing); the pool drops a broken one.
    } finally {
      await this.pool.releaseConnection(connection);
    }
  }

  private async begin(): Promise<PgClient> {
    const connection = await this.pool.acquireConnection();
    try {
      await connection.query('begin', []);
      return connection;
    } catch (error) {
      await this.pool.releaseConnection(connection);
      throw error;
    }
  }
}

/**
 * Plain SQL ($1, $2… parameters) straight on a node-postgres connection, without the query builder or
 * the ORM's raw-query layer: for hot paths. Inside a unit of work or another transaction it runs on
 * that transaction's connection; outside one, on a connection the pool lends for this query (without
 * resolving the request's fork of the ORM, which it does not need). Rows come as MikroORM reads them
 * (dates and timestamps as strings); database errors as MikroORM's exceptions.
 */
export async function plainQuery<R = Record<string, unknown>>(em: EntityManager, sql: string, params: unknown[] = []): Promise<R[]> {
  try {
    return (await runPlain(em, sql, params)).rows as R[];
  } catch (error) {
    throw isDatabaseError(error) ? em.getDriver().convertException(error) : error;
  }
}

async function runPlain(em: EntityManager, sql: string, params: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }> {
  const unit = units.getStore();
  if (unit?.plain) return unit.plain.query(sql, params);
  // A transaction of the ORM (the unit's fork, or em.transactional's) runs in a TransactionContext;
  // an explicit fork passed in may carry one of its own.
  const owner = TransactionContext.getEntityManager(em.name) ?? (em.global ? undefined : em);
  const transaction = owner?.getTransactionContext<{ client: KnexClient }>();
  if (transaction) {
    // The transaction's own connection (lent for as long as it runs); a unit of work keeps it at hand.
    const connection = await (unit && unit.fork === owner ? (unit.forkConnection ??= transaction.client.acquireConnection()) : transaction.client.acquireConnection());
    return connection.query(prepared(sql, params));
  }
  const pool = poolOf(em);
  const connection = await pool.acquireConnection();
  try {
    return await connection.query(prepared(sql, params));
  } finally {
    await pool.releaseConnection(connection);
  }
}

/**
 * `($n, …)`: the parameters of one row of `count` values whose first is number `at + 1`, for plain-SQL
 * statements with several rows (`insert … values (…), (…)`) or a fixed list of columns.
 */
export function placeholders(at: number, count: number): string {
  return `(${Array.from({ length: count }, (_, i) => `$${at + i + 1}`).join(', ')})`;
}

/** `($1, …), ($n, …)`: the parameters of `rows` rows of `columns` values each, one row after another. */
export function rowPlaceholders(rows: number, columns: number): string {
  return Array.from({ length: rows }, (_, row) => placeholders(row * columns, columns)).join(', ');
}

/** An error of the PostgreSQL server (not yet converted into one of MikroORM's exceptions). */
function isDatabaseError(error: unknown): error is Error {
  return error instanceof Error && !(error instanceof DriverException) && typeof (error as { code?: unknown }).code === 'string' && 'severity' in error;
}
