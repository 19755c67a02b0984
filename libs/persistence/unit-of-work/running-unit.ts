import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AggregateRoot, DomainEvent } from '@app/shared-kernel';
import { insertOutboxMessages } from '../outbox/insert-outbox-messages';

export type Row = Record<string, unknown>;
type Write = () => Promise<void>;

/** The unit of work running in an async context, as repository adapters see it (UnitOfWork.current()). */
export interface CurrentUnitOfWork {
  /** The same object for every call inside one unit of work: a key for what an adapter keeps per unit. */
  readonly key: object;
  /**
   * Hands an aggregate to the unit of work (repositories do, for each aggregate they load or add): at
   * its end the unit writes the events the aggregate raised to the outbox, in the same transaction.
   * Answers the aggregate.
   */
  track<A extends AggregateRoot>(aggregate: A): A;
  /** An event no aggregate raised (Outbox.add): written to the outbox with the aggregates' events. */
  addEvent(event: DomainEvent): void;
  /**
   * Leaves a write for the next flush: the end of the unit of work (after the handler, before the
   * outbox rows and the ORM's changes, same transaction), or an explicit flush before it.
   */
  beforeFlush(write: Write): void;
  /**
   * Stores what the unit changed so far, without ending its transaction: the writes left until now
   * (beforeFlush), then the ORM's changes. For several commands in one unit of work, each seeing the
   * ones before it as stored (the back office's batches, Commands.executeInCurrentUnit).
   */
  flush(): Promise<void>;
  /**
   * Leaves work for after the commit (e.g. ending sessions in Redis once a new password is stored): it
   * runs only when the transaction committed, never before and never after a rollback.
   */
  afterCommit(work: Write): void;
}

/** What a unit of work's statements run in: PlainTransaction or OrmTransaction. */
export interface UnitTransaction {
  /** Plain SQL ($1, $2… parameters) on the transaction's connection; rows as MikroORM reads them. */
  query(sql: string, params: unknown[]): Promise<Row[]>;
  /** The ORM's EntityManager for this transaction (its fork), or a refusal where the ORM has no part. */
  entityManager(): EntityManager;
  /** Stores the ORM's changes so far (nothing to store on plain SQL). */
  flush(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/** The unit of work of each async context: its handler, the adapters it calls, the writes at its end. */
const units = new AsyncLocalStorage<RunningUnit>();

/**
 * One unit of work running: its transaction, the writes adapters left for its end, and the aggregates
 * and events whose outbox rows it writes there, in one statement, for either kind of transaction.
 */
export class RunningUnit implements CurrentUnitOfWork {
  private readonly writes: Write[] = [];
  private readonly aggregates = new Set<AggregateRoot>();
  private readonly events: DomainEvent[] = [];
  private readonly committed: Write[] = [];

  constructor(
    private readonly transaction: UnitTransaction,
    /** A database error as MikroORM's exception (UniqueConstraintViolationException…); anything else as is. */
    private readonly converted: (error: unknown) => unknown,
  ) {}

  /** The unit running in this async context, if any. */
  static current(): RunningUnit | undefined {
    return units.getStore();
  }

  /** Runs `work` as this unit: its end (below) and the commit after it; a failure anywhere rolls it all back. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const result = await units.run(this, async () => {
      try {
        const value = await work();
        await this.end();
        await this.transaction.commit();
        return value;
      } catch (error) {
        await this.transaction.rollback();
        throw this.converted(error);
      }
    });
    // After the commit, outside the unit (its transaction is over).
    for (const each of this.committed) await each();
    return result;
  }

  get key(): object {
    return this;
  }

  track<A extends AggregateRoot>(aggregate: A): A {
    this.aggregates.add(aggregate);
    return aggregate;
  }

  addEvent(event: DomainEvent): void {
    this.events.push(event);
  }

  afterCommit(work: Write): void {
    this.committed.push(work);
  }

  beforeFlush(write: Write): void {
    this.writes.push(write);
  }

  async flush(): Promise<void> {
    await this.runWrites();
    await this.transaction.flush();
  }

  /** Plain SQL in this unit's transaction (PlainSql.query comes here inside a unit of work). */
  async query(sql: string, params: unknown[]): Promise<Row[]> {
    try {
      return await this.transaction.query(sql, params);
    } catch (error) {
      throw this.converted(error);
    }
  }

  entityManager(): EntityManager {
    return this.transaction.entityManager();
  }

  /**
   * The writes left for the end, then the outbox rows of every event raised by the aggregates tracked
   * or added, in one statement; the ORM's changes are flushed by the commit that follows.
   */
  private async end(): Promise<void> {
    await this.runWrites();
    const events = [...this.events];
    for (const aggregate of this.aggregates) if (aggregate.hasDomainEvents()) events.push(...aggregate.pullDomainEvents());
    if (events.length > 0) await insertOutboxMessages((sql, params) => this.query(sql, params), events);
  }

  /** The writes left so far, in order; a write may leave more, which run too. */
  private async runWrites(): Promise<void> {
    for (let i = 0; i < this.writes.length; i += 1) await this.writes[i]();
    this.writes.length = 0;
  }
}
