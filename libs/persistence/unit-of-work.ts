import { Injectable } from '@nestjs/common';
import { DriverException, TransactionContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';

type Write = () => Promise<void>;

/** A node-postgres client, as knex's client hands them out (the transaction's, or one of the pool's). */
interface PgClient {
  query(text: string, values: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/** The parts of knex's client that lend the pool's connections. */
interface KnexClient {
  acquireConnection(): Promise<PgClient>;
  releaseConnection(connection: PgClient): Promise<unknown>;
}

/** The unit of work running in an async context, as repository adapters see it (UnitOfWork.current). */
export interface CurrentUnitOfWork {
  /** The unit of work's EntityManager (a fork with its transaction). */
  readonly em: EntityManager;
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

interface Running {
  writes: Write[];
  connection?: Promise<PgClient>;
}

/** The units of work running now, by their fork: the writes adapters left for their end, their connection. */
const running = new WeakMap<EntityManager, Running>();

/**
 * The transaction boundary of a use case: handlers load aggregates and call them, never save; the unit
 * of work flushes once at the end, and the outbox subscriber writes the raised events in that flush.
 * Repositories inject the global EntityManager, which resolves to this transaction's fork.
 *
 * One fresh fork of the global EntityManager per run, bound to the async context for the run and its
 * transaction begun and committed (flush first) on it directly: what `em.fork().transactional()` does,
 * without its second fork, cloned event manager and merge of the entities back into a fork nobody
 * reads afterwards (the hot path of every command). A failure anywhere rolls the whole run back.
 *
 * A repository adapter that writes with plain SQL instead of the ORM's change tracking registers its
 * writes with `UnitOfWork.current(em).beforeFlush(...)`: they run after the handler, just before the
 * flush, in the same transaction (a unique key they break raises the ORM's
 * UniqueConstraintViolationException, as a flush would).
 */
@Injectable()
export class UnitOfWork {
  constructor(private readonly em: EntityManager) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    const fork = this.em.fork({ disableContextResolution: true });
    const writes: Write[] = [];
    running.set(fork, { writes });
    return TransactionContext.create(fork, async () => {
      await fork.begin();
      try {
        const result = await work();
        // Writes may register more writes: run them in order until none is left.
        for (let i = 0; i < writes.length; i += 1) {
          try {
            await writes[i]();
          } catch (error) {
            throw isDatabaseError(error) ? fork.getDriver().convertException(error) : error;
          }
        }
        await fork.commit();
        return result;
      } catch (error) {
        if (fork.isInTransaction()) await fork.rollback();
        throw error;
      } finally {
        running.delete(fork);
      }
    });
  }

  /**
   * The unit of work running in this async context, for repository adapters: its EntityManager (for
   * `getConnection().execute(…, em.getTransactionContext())`) and `beforeFlush` to leave a write for
   * its end. Throws outside a unit of work: plain-SQL writes are only made inside one.
   */
  static current(em: EntityManager): CurrentUnitOfWork {
    const fork = em.getContext(false);
    const unit = running.get(fork);
    if (!unit) throw new Error('This needs a unit of work: run it through Commands.execute');
    return {
      em: fork,
      beforeFlush: (write) => unit.writes.push(write),
      flush: async () => {
        if (unit.writes.length > 0) throw new Error('UnitOfWork.flush: writes are left for the end of this unit of work; run this command in a unit of work of its own');
        await fork.flush();
      },
      query: (sql, params = []) => plainQuery(fork, sql, params),
    };
  }
}

/**
 * Plain SQL ($1, $2… parameters) straight on a node-postgres connection, without the query builder or
 * the ORM's raw-query layer: for hot paths. Inside a transaction (a unit of work's) it runs on that
 * transaction's connection; outside one, on a connection the pool lends for this query. Rows come as MikroORM
 * reads them (dates and timestamps as strings); database errors as MikroORM's exceptions.
 */
export async function plainQuery<R = Record<string, unknown>>(em: EntityManager, sql: string, params: unknown[] = []): Promise<R[]> {
  const fork = em.getContext(false);
  const transaction = fork.getTransactionContext<{ client: KnexClient }>();
  let connection: PgClient;
  let release: (() => Promise<unknown>) | undefined;
  if (transaction) {
    // The transaction's own connection (lent for as long as it runs); a unit of work keeps it at hand.
    const unit = running.get(fork);
    connection = await (unit ? (unit.connection ??= transaction.client.acquireConnection()) : transaction.client.acquireConnection());
  } else {
    const pool = fork.getConnection().getKnex().client as KnexClient;
    connection = await pool.acquireConnection();
    release = () => pool.releaseConnection(connection);
  }
  try {
    return (await connection.query(sql, params)).rows as R[];
  } catch (error) {
    throw error instanceof Error ? fork.getDriver().convertException(error) : error;
  } finally {
    await release?.();
  }
}

/** An error of the PostgreSQL server (not yet converted into one of MikroORM's exceptions). */
function isDatabaseError(error: unknown): error is Error {
  return error instanceof Error && !(error instanceof DriverException) && typeof (error as { code?: unknown }).code === 'string' && 'severity' in error;
}
