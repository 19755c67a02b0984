import { EntitySchema } from '@mikro-orm/core';
import { SubscriberAccount } from '../../domain/subscriber-account.aggregate';

export const SubscriberAccountSchema = new EntitySchema<SubscriberAccount>({
  class: SubscriberAccount,
  tableName: 'subscriber_account',
  // Hydrate through the constructor, so that AggregateRoot's private event list exists on loaded accounts.
  forceConstructor: true,
  properties: {
    id: { type: 'uuid', primary: true },
    login: { type: 'text', unique: 'subscriber_account_login_unique' },
    subscriberType: { type: 'text' },
    contractNumber: { type: 'text' },
    accountNumber: { type: 'text', nullable: true },
    name: { type: 'text' },
    iinBin: { type: 'text' },
    email: { type: 'text', index: 'subscriber_account_email_idx' },
    passwordHash: { type: 'text' },
    status: { type: 'text' },
    invoiceByEmail: { type: 'boolean' },
    verificationReminders: { type: 'boolean', default: true },
    createdAt: { type: 'datetime' },
    confirmedAt: { type: 'datetime', nullable: true },
    passwordChangedAt: { type: 'datetime', nullable: true },
    confirmationHash: { type: 'text', nullable: true, unique: 'subscriber_account_confirmation_hash_unique' },
    confirmationExpiresAt: { type: 'datetime', nullable: true },
    recoveryHash: { type: 'text', nullable: true },
    recoveryExpiresAt: { type: 'datetime', nullable: true },
    pendingEmail: { type: 'text', nullable: true },
    emailChangeHash: { type: 'text', nullable: true, unique: 'subscriber_account_email_change_hash_unique' },
    emailChangeExpiresAt: { type: 'datetime', nullable: true },
    locale: { type: 'text', nullable: true },
  },
});
