import { DomainEvent } from '@app/shared-kernel';
import type { SubscriberType } from './subscriber-login';

/** Who the event is about, as the back office knows them. Never a password, token or check word. */
export interface SubscriberRef {
  subscriberId: string;
  login: string;
  subscriberType: SubscriberType;
  contractNumber: string;
  accountNumber: string | null;
}

export class SubscriberRegistered extends DomainEvent<SubscriberRef & { name: string; iinBin: string; email: string; invoiceByEmail: boolean; registeredAt: string }> {
  readonly eventName = 'subscriber.registered';

  constructor(
    readonly subscriber: SubscriberRef,
    readonly details: { name: string; iinBin: string; email: string; invoiceByEmail: boolean },
    occurredAt: Date,
  ) {
    super(occurredAt);
  }

  toPrimitives() {
    return { ...this.subscriber, ...this.details, registeredAt: this.occurredAt.toISOString() };
  }
}

export class SubscriberEmailChanged extends DomainEvent<SubscriberRef & { previousEmail: string; email: string; changedAt: string }> {
  readonly eventName = 'subscriber.email-changed';

  constructor(
    readonly subscriber: SubscriberRef,
    readonly previousEmail: string,
    readonly email: string,
    occurredAt: Date,
  ) {
    super(occurredAt);
  }

  toPrimitives() {
    return { ...this.subscriber, previousEmail: this.previousEmail, email: this.email, changedAt: this.occurredAt.toISOString() };
  }
}

export class SubscriptionChanged extends DomainEvent<SubscriberRef & { email: string; invoiceByEmail: boolean; changedAt: string }> {
  readonly eventName = 'subscription.changed';

  constructor(
    readonly subscriber: SubscriberRef,
    readonly email: string,
    readonly invoiceByEmail: boolean,
    occurredAt: Date,
  ) {
    super(occurredAt);
  }

  toPrimitives() {
    return { ...this.subscriber, email: this.email, invoiceByEmail: this.invoiceByEmail, changedAt: this.occurredAt.toISOString() };
  }
}
