import { Injectable } from '@nestjs/common';
import { CommandBus, ICommand } from '@nestjs/cqrs';
import { DeadlockException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { DomainError } from '@app/shared-kernel';
import { UnitOfWork } from './unit-of-work/unit-of-work';

/**
 * The one bus every adapter (page, REST, queue processor) sends its commands through: the command's
 * handler inside one unit of work (execute), or inside the one already running (executeInCurrentUnit).
 *
 * When the commit loses a race on a unique constraint (two identical requests checked "not there yet"
 * at the same moment), nothing of it was kept, so the command runs once more in a new transaction:
 * its own checks now see the winner and answer as the domain does (e.g. "already registered"). A
 * second loss is reported as a conflict, never as a server error. A transaction PostgreSQL chose to
 * end to break a deadlock (two transactions each waiting for a row the other holds, e.g. a submission
 * of readings and a batch of the back office's verdicts on the same meters) kept nothing either, and
 * is run again the same way.
 */
@Injectable()
export class Commands {
  constructor(
    private readonly bus: CommandBus,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute<R = unknown>(command: ICommand): Promise<R> {
    try {
      return await this.once<R>(command);
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException || error instanceof DeadlockException)) throw error;
    }
    try {
      return await this.once<R>(command);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException || error instanceof DeadlockException) {
        throw new DomainError('PERSISTENCE.CONFLICT', 'The same data was changed by another request at the same time');
      }
      throw error;
    }
  }

  /**
   * The command's handler inside the unit of work already running, for several commands in one
   * transaction (the back office's batches, BackofficeInboundProcessor). What the unit changed through
   * the ORM so far is flushed first, so that the command sees the commands before it as stored. The
   * caller's unit commits or rolls back all of them, and a lost race is the caller's to retry. Throws
   * outside a unit of work.
   */
  async executeInCurrentUnit<R = unknown>(command: ICommand): Promise<R> {
    await UnitOfWork.current().flush();
    return this.bus.execute<ICommand, R>(command);
  }

  private once<R>(command: ICommand): Promise<R> {
    if (outsideUnitOfWork.has(command.constructor)) return this.bus.execute<ICommand, R>(command);
    return this.unitOfWork.run(() => this.bus.execute<ICommand, R>(command), { plainSql: runsOnPlainSql(command.constructor) });
  }
}

/** Commands declared with runOnPlainSql. */
const plainSqlCommands = new WeakSet<object>();

/**
 * Declares that the handlers of these commands reach the database only through adapters that use
 * plain SQL (PlainSql), never the ORM: Commands runs them in a unit of work without a fork of the ORM
 * (UnitOfWorkOptions.plainSql). Declared by the module that binds those adapters;
 * if the ORM is used in such a unit anyway, the unit fails and nothing of it is kept.
 */
export function runOnPlainSql(...commands: Array<new (...args: never[]) => ICommand>): void {
  for (const command of commands) plainSqlCommands.add(command);
}

/** Whether runOnPlainSql declared this command (class). */
export function runsOnPlainSql(command: object): boolean {
  return plainSqlCommands.has(command);
}

/** Commands declared with runOutsideUnitOfWork. */
const outsideUnitOfWork = new WeakSet<object>();

/**
 * Declares that the handlers of these commands write nothing to PostgreSQL and read it only with
 * PlainSql outside any transaction: Commands runs them without a unit of work. For LogIn, whose
 * argon2 verify takes tens of milliseconds after its one read: inside a transaction, each login in
 * progress would hold one of the pool's connections through the hash, and a burst of logins would leave
 * none to the other requests. A write (UnitOfWork.current) in such a command fails, as outside any
 * unit of work.
 */
export function runOutsideUnitOfWork(...commands: Array<new (...args: never[]) => ICommand>): void {
  for (const command of commands) outsideUnitOfWork.add(command);
}
