import { Injectable } from '@nestjs/common';
import { DriverException, TransactionContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';

type Write = () => Promise<void>;

/** The plain-SQL writes adapters left for the end of each running unit of work (by its fork). */
const pendingWrites = new WeakMap<EntityManager, Write[]>();

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
    pendingWrites.set(fork, writes);
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
        pendingWrites.delete(fork);
      }
    });
  }

  /**
   * The unit of work running in this async context, for repository adapters: its EntityManager (for
   * `getConnection().execute(…, em.getTransactionContext())`) and `beforeFlush` to leave a write for
   * its end. Throws outside a unit of work: plain-SQL writes are only made inside one.
   */
  static current(em: EntityManager): { em: EntityManager; beforeFlush(write: Write): void } {
    const fork = em.getContext(false);
    const writes = pendingWrites.get(fork);
    if (!writes) throw new Error('This write needs a unit of work: run it through Commands.execute');
    return { em: fork, beforeFlush: (write) => writes.push(write) };
  }
}

/** An error of the PostgreSQL server (not yet converted into one of MikroORM's exceptions). */
function isDatabaseError(error: unknown): error is Error {
  return error instanceof Error && !(error instanceof DriverException) && typeof (error as { code?: unknown }).code === 'string' && 'severity' in error;
}
