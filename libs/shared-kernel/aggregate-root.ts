import { DomainEvent } from './domain-event';

/** Collects the domain events an aggregate raises until the unit of work pulls them. */
export abstract class AggregateRoot {
  /**
   * Created on first use: an ORM may build a loaded aggregate without running its constructor (or
   * field initialisers), and such an aggregate must still be able to raise events.
   */
  private domainEventsRaised?: DomainEvent[];

  protected raise(event: DomainEvent): void {
    (this.domainEventsRaised ??= []).push(event);
  }

  /** Returns the raised events and forgets them, so that each is written once. */
  pullDomainEvents(): DomainEvent[] {
    const events = this.domainEventsRaised ?? [];
    this.domainEventsRaised = [];
    return events;
  }

  hasDomainEvents(): boolean {
    return (this.domainEventsRaised?.length ?? 0) > 0;
  }
}

export function isAggregateRoot(value: unknown): value is AggregateRoot {
  return value instanceof AggregateRoot;
}
