import { EventSubscriber, FlushEventArgs } from '@mikro-orm/core';
import { AggregateRoot, DomainEvent, isAggregateRoot } from '@app/shared-kernel';
import { outboxRouteOf } from '@app/messaging';
import { OutboxMessage } from './outbox-message';

/**
 * Writes the domain events of every aggregate in the unit of work to the outbox table in the same
 * flush (and so the same transaction) as the aggregate itself.
 */
export class OutboxSubscriber implements EventSubscriber {
  async onFlush({ uow }: FlushEventArgs): Promise<void> {
    const aggregates = new Set<AggregateRoot>();
    for (const entity of uow.getIdentityMap()) if (isAggregateRoot(entity)) aggregates.add(entity);
    for (const entity of uow.getPersistStack()) if (isAggregateRoot(entity)) aggregates.add(entity);
    for (const changeSet of uow.getChangeSets()) if (isAggregateRoot(changeSet.entity)) aggregates.add(changeSet.entity);

    for (const aggregate of aggregates) {
      if (!aggregate.hasDomainEvents()) continue;
      for (const event of aggregate.pullDomainEvents()) uow.computeChangeSet(toOutboxMessage(event));
    }
  }
}

export function toOutboxMessage(event: DomainEvent): OutboxMessage {
  const queue = outboxRouteOf(event.eventName);
  if (!queue) throw new Error(`No outbox route for event "${event.eventName}": add it to libs/messaging/queues.ts`);
  return OutboxMessage.create({
    id: event.eventId,
    eventName: event.eventName,
    queue,
    payload: { ...event.toPrimitives() } as Record<string, unknown>,
    occurredAt: event.occurredAt,
  });
}
