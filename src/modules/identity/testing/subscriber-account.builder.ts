import { FixedClock } from '@app/shared-kernel/testing';
import { RegistrationData, SubscriberAccount } from '../domain/subscriber-account.aggregate';

/** Test data: a registered account (unconfirmed unless `confirmed()` is called). */
export class SubscriberAccountBuilder {
  private data: RegistrationData = {
    subscriberType: 'legal',
    contractNumber: '2666',
    name: 'ТОО «Водоканал-Демо Сервис»',
    iinBin: '190340012348',
    email: 'buh@example.kz',
    invoiceByEmail: true,
    locale: 'ru',
  };
  private isConfirmed = false;

  constructor(readonly clock = new FixedClock(new Date('2026-11-25T10:00:00Z'))) {}

  individual(accountNumber = '04008220'): this {
    this.data = { ...this.data, subscriberType: 'individual', contractNumber: accountNumber, name: 'Иванов Иван Иванович', iinBin: '850312300459' };
    return this;
  }

  confirmed(): this {
    this.isConfirmed = true;
    return this;
  }

  build(): SubscriberAccount {
    const account = SubscriberAccount.register(this.data, 'hash-of-password', { hash: 'confirm-hash', expiresAt: new Date(this.clock.now().getTime() + 48 * 3600_000) }, this.clock.now());
    if (this.isConfirmed) {
      account.confirm('confirm-hash', this.clock.now());
      account.pullDomainEvents();
    }
    return account;
  }
}
