import { AggregateRoot } from './aggregate-root';
import { DomainEvent } from './domain-event';

class Happened extends DomainEvent<{ what: string }> {
  readonly eventName = 'test.happened';
  constructor(readonly what: string) {
    super(new Date('2026-01-01T00:00:00Z'));
  }
  toPrimitives() {
    return { what: this.what };
  }
}

class Thing extends AggregateRoot {
  doIt(what: string): void {
    this.raise(new Happened(what));
  }
}

describe('AggregateRoot', () => {
  it('hands out each raised event once', () => {
    const thing = new Thing();
    thing.doIt('a');
    thing.doIt('b');
    expect(thing.hasDomainEvents()).toBe(true);
    expect(thing.pullDomainEvents().map((event) => event.toPrimitives())).toEqual([{ what: 'a' }, { what: 'b' }]);
    expect(thing.hasDomainEvents()).toBe(false);
    expect(thing.pullDomainEvents()).toEqual([]);
  });

  it('raises events on an instance built without its constructor, as an ORM loads it', () => {
    const loaded = Object.create(Thing.prototype) as Thing;
    expect(loaded.hasDomainEvents()).toBe(false);
    loaded.doIt('loaded');
    expect(loaded.pullDomainEvents()).toHaveLength(1);
  });
});
