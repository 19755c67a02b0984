import { Injectable } from '@nestjs/common';
import { TransactionContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';

/**
 * The transaction boundary of a use case: handlers load aggregates and call them, never save; the unit
 * of work flushes once at the end, and the outbox subscriber writes the raised events in that flush.
 * Repositories inject the global EntityManager, which resolves to this transaction's fork.
 *
 * One fresh fork of the global EntityManager per run, bound to the async context for the run and its
 * transaction begun and committed (flush first) on it directly: what `em.fork().transactional()` does,
 * without its second fork, cloned event manager and merge of the entities back into a fork nobody
 * reads afterwards (the hot path of every command). A failure anywhere rolls the whole run back.
 */
@Injectable()
export class UnitOfWork {
  constructor(private readonly em: EntityManager) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    const fork = this.em.fork({ disableContextResolution: true });
    return TransactionContext.create(fork, async () => {
      await fork.begin();
      try {
        const result = await work();
        await fork.commit();
        return result;
      } catch (error) {
        if (fork.isInTransaction()) await fork.rollback();
        throw error;
      }
    });
  }
}
