import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainEvent } from '@app/shared-kernel';
import { toOutboxMessage } from './outbox.subscriber';

/**
 * Adds an event to the outbox of the current unit of work, for side effects that are not raised by an
 * aggregate (an e-mail request, a PDF request). It is written when the unit of work flushes.
 */
@Injectable()
export class Outbox {
  constructor(private readonly em: EntityManager) {}

  add(event: DomainEvent): void {
    this.em.persist(toOutboxMessage(event));
  }
}
