import { Injectable } from '@nestjs/common';
import { CommandBus, ICommand } from '@nestjs/cqrs';
import { UnitOfWork } from './unit-of-work';

/** What every adapter (page, REST, queue processor) calls: the command's handler inside one unit of work. */
@Injectable()
export class Commands {
  constructor(
    private readonly bus: CommandBus,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  execute<R = unknown>(command: ICommand): Promise<R> {
    return this.unitOfWork.run(() => this.bus.execute<ICommand, R>(command));
  }
}
