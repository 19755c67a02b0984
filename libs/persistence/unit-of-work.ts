import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';

/**
 * The transaction boundary of a use case: handlers load aggregates and call them, never save; the unit
 * of work flushes once at the end, and the outbox subscriber writes the raised events in that flush.
 * Repositories inject the global EntityManager, which resolves to this transaction's fork.
 */
@Injectable()
export class UnitOfWork {
  constructor(private readonly em: EntityManager) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.em.fork().transactional(() => work());
  }
}
