import { Injectable } from '@nestjs/common';
import { DomainEvent } from '@app/shared-kernel';
import { UnitOfWork } from '../unit-of-work/unit-of-work';

/**
 * Adds an event to the outbox of the current unit of work, for side effects that are not raised by an
 * aggregate (an e-mail request, a PDF request). The unit of work writes it at its end, in the same
 * statement as its aggregates' events.
 */
@Injectable()
export class Outbox {
  add(event: DomainEvent): void {
    UnitOfWork.current().addEvent(event);
  }
}
