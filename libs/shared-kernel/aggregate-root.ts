import { DomainEvent } from './domain-event';

/** Collects the domain events an aggregate raises until the unit of work pulls them. */
export abstract class AggregateRoot {
  #domainEvents: DomainEvent[] = [];

  protected raise(event: DomainEvent): void {
    this.#domainEvents.push(event);
  }

  /** Returns the raised events and forgets them, so that each is written once. */
  pullDomainEvents(): DomainEvent[] {
    const events = this.#domainEvents;
    this.#domainEvents = [];
    return events;
  }

  hasDomainEvents(): boolean {
    return this.#domainEvents.length > 0;
  }
}

export function isAggregateRoot(value: unknown): value is AggregateRoot {
  return value instanceof AggregateRoot;
}
