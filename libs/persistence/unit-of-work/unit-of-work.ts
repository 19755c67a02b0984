import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { OrmTransaction } from './orm-transaction';
import { PlainSql } from './plain-sql';
import { PlainTransaction } from './plain-transaction';
import { CurrentUnitOfWork, RunningUnit } from './running-unit';

export interface UnitOfWorkOptions {
  /**
   * Every adapter the command's handler uses reads and writes with plain SQL (PlainSql) and never
   * through the ORM: the unit then needs no fork of the ORM and no query-builder transaction (the hot
   * paths). Using the ORM inside such a unit is refused (PlainTransaction.entityManager).
   */
  plainSql?: boolean;
}

/**
 * The transaction boundary of a use case: handlers load aggregates and call them, never save. Each run
 * is one transaction, committed at the end or rolled back entirely:
 * - repositories hand the aggregates they load or add to the unit (`UnitOfWork.current().track(…)`),
 *   and Outbox.add the events no aggregate raised; at the end the unit writes all their events to the
 *   outbox in one statement, in the same transaction (RunningUnit);
 * - an adapter that writes with plain SQL may leave its writes for the end
 *   (`UnitOfWork.current().beforeFlush(…)`): they run after the handler, before the outbox rows;
 * - a unit that may use the ORM runs on a fork of it (OrmTransaction), flushed by the commit;
 *   repositories inject the global EntityManager, which resolves to that fork meanwhile;
 * - a unit run with `plainSql` (commands whose adapters are all plain SQL: the hot path of every
 *   submission of readings) makes no fork: its statements run on one connection of the unit of work's
 *   own pool, between a BEGIN sent before the first of them and a COMMIT at the end (PlainTransaction).
 * Database errors come as MikroORM's exceptions either way (UniqueConstraintViolationException…).
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly em: EntityManager,
    private readonly sql: PlainSql,
  ) {}

  async run<T>(work: () => Promise<T>, options: UnitOfWorkOptions = {}): Promise<T> {
    const transaction = options.plainSql ? new PlainTransaction(this.sql) : await OrmTransaction.begin(this.em);
    return new RunningUnit(transaction, (error) => this.sql.converted(error)).run(work);
  }

  /**
   * The unit of work running in this async context, for repository adapters: `track` for the
   * aggregates whose events it writes to the outbox, `beforeFlush` to leave a write for its end,
   * `flush` to store the ORM's changes so far. Throws outside a unit of work: changes are only made inside one.
   */
  static current(): CurrentUnitOfWork {
    const unit = RunningUnit.current();
    if (!unit) throw new Error('This needs a unit of work: run it through Commands.execute');
    return unit;
  }
}
