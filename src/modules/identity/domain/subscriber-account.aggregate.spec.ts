import { DomainError } from '@app/shared-kernel';
import { SubscriberAccountBuilder } from '../testing/subscriber-account.builder';
import { SubscriberEmailChanged, SubscriberRegistered, SubscriptionChanged } from './subscriber.events';

const HOUR = 3600_000;

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
}

describe('SubscriberAccount', () => {
  describe('registration', () => {
    it('gives a legal entity the login «vk» + contract number and raises subscriber.registered without secrets', () => {
      const account = new SubscriberAccountBuilder().build();
      expect(account.login).toBe('vk2666');
      expect(account.accountNumber).toBeNull();
      const [event] = account.pullDomainEvents();
      expect(event).toBeInstanceOf(SubscriberRegistered);
      expect(event.eventName).toBe('subscriber.registered');
      expect(event.toPrimitives()).toEqual({
        subscriberId: account.id,
        login: 'vk2666',
        subscriberType: 'legal',
        contractNumber: '2666',
        accountNumber: null,
        name: 'ТОО «Водоканал-Демо Сервис»',
        iinBin: '190340012348',
        email: 'buh@example.kz',
        invoiceByEmail: true,
        registeredAt: '2026-11-25T10:00:00.000Z',
      });
      expect(JSON.stringify(event.toPrimitives())).not.toMatch(/hash/i);
    });

    it('gives an individual the personal account number as login and as contract number', () => {
      const account = new SubscriberAccountBuilder().individual('04008220').build();
      expect(account.login).toBe('04008220');
      expect(account.contractNumber).toBe('04008220');
      expect(account.accountNumber).toBe('04008220');
    });

    it('cannot log in before the e-mail is confirmed', () => {
      const account = new SubscriberAccountBuilder().build();
      expect(codeOf(() => account.assertCanLogIn())).toBe('IDENTITY.NOT_CONFIRMED');
    });
  });

  describe('confirmation link', () => {
    it('activates the account once; the same link is refused the second time', () => {
      const builder = new SubscriberAccountBuilder();
      const account = builder.build();
      account.confirm('confirm-hash', builder.clock.now());
      expect(account.isConfirmed()).toBe(true);
      expect(() => account.assertCanLogIn()).not.toThrow();
      expect(codeOf(() => account.confirm('confirm-hash', builder.clock.now()))).toBe('IDENTITY.LINK_INVALID');
    });

    it('expires after 48 hours', () => {
      const builder = new SubscriberAccountBuilder();
      const account = builder.build();
      builder.clock.advance(48 * HOUR);
      expect(codeOf(() => account.confirm('confirm-hash', builder.clock.now()))).toBe('IDENTITY.LINK_EXPIRED');
      expect(account.isConfirmed()).toBe(false);
    });

    it('refuses a link of another hash, and an older link after a resend', () => {
      const builder = new SubscriberAccountBuilder();
      const account = builder.build();
      expect(codeOf(() => account.confirm('other-hash', builder.clock.now()))).toBe('IDENTITY.LINK_INVALID');
      account.reissueConfirmation({ hash: 'newer-hash', expiresAt: new Date(builder.clock.now().getTime() + HOUR) });
      expect(codeOf(() => account.confirm('confirm-hash', builder.clock.now()))).toBe('IDENTITY.LINK_INVALID');
      account.confirm('newer-hash', builder.clock.now());
      expect(account.isConfirmed()).toBe(true);
    });
  });

  describe('password recovery', () => {
    const presented = { iinBin: '190340012348', contractOrAccount: '2666', login: 'VK2666', checkwordHash: 'check-1' };

    it('sets the new password when IIN/BIN, contract, login and check word match, and the check word works once', () => {
      const builder = new SubscriberAccountBuilder().confirmed();
      const account = builder.build();
      account.requestRecovery({ hash: 'check-1', expiresAt: new Date(builder.clock.now().getTime() + HOUR) });
      account.resetPassword(presented, 'new-hash', builder.clock.now());
      expect(account.passwordHash).toBe('new-hash');
      expect(codeOf(() => account.resetPassword(presented, 'newer-hash', builder.clock.now()))).toBe('IDENTITY.CHECKWORD_INVALID');
    });

    it('refuses the check word after an hour', () => {
      const builder = new SubscriberAccountBuilder().confirmed();
      const account = builder.build();
      account.requestRecovery({ hash: 'check-1', expiresAt: new Date(builder.clock.now().getTime() + HOUR) });
      builder.clock.advance(HOUR);
      expect(codeOf(() => account.resetPassword(presented, 'new-hash', builder.clock.now()))).toBe('IDENTITY.CHECKWORD_EXPIRED');
      expect(account.passwordHash).toBe('hash-of-password');
    });

    it('voids an older check word when a newer one is requested', () => {
      const builder = new SubscriberAccountBuilder().confirmed();
      const account = builder.build();
      const expiresAt = new Date(builder.clock.now().getTime() + HOUR);
      account.requestRecovery({ hash: 'check-1', expiresAt });
      account.requestRecovery({ hash: 'check-2', expiresAt });
      expect(codeOf(() => account.resetPassword(presented, 'new-hash', builder.clock.now()))).toBe('IDENTITY.CHECKWORD_INVALID');
      account.resetPassword({ ...presented, checkwordHash: 'check-2' }, 'new-hash', builder.clock.now());
    });

    it.each([
      ['another IIN/BIN', { iinBin: '850312300459' }],
      ['another contract', { contractOrAccount: '2667' }],
      ['another login', { login: 'vk2667' }],
    ])('refuses %s and keeps the check word', (_what, change) => {
      const builder = new SubscriberAccountBuilder().confirmed();
      const account = builder.build();
      account.requestRecovery({ hash: 'check-1', expiresAt: new Date(builder.clock.now().getTime() + HOUR) });
      expect(codeOf(() => account.resetPassword({ ...presented, ...change }, 'new-hash', builder.clock.now()))).toBe('IDENTITY.RECOVERY_DATA_MISMATCH');
      account.resetPassword(presented, 'new-hash', builder.clock.now());
      expect(account.passwordHash).toBe('new-hash');
    });

    it('activates an account still waiting for confirmation (the check word proves the e-mail)', () => {
      const builder = new SubscriberAccountBuilder();
      const account = builder.build();
      account.requestRecovery({ hash: 'check-1', expiresAt: new Date(builder.clock.now().getTime() + HOUR) });
      account.resetPassword(presented, 'new-hash', builder.clock.now());
      expect(account.isConfirmed()).toBe(true);
    });
  });

  describe('e-mail change', () => {
    it('takes effect only with the link sent to the new address, and raises subscriber.email-changed', () => {
      const builder = new SubscriberAccountBuilder().confirmed();
      const account = builder.build();
      account.requestEmailChange('new@example.kz', { hash: 'mail-1', expiresAt: new Date(builder.clock.now().getTime() + 48 * HOUR) });
      expect(account.email).toBe('buh@example.kz');
      expect(account.pullDomainEvents()).toEqual([]);
      expect(account.confirmEmailChange('mail-1', builder.clock.now())).toBe('buh@example.kz');
      expect(account.email).toBe('new@example.kz');
      const [event] = account.pullDomainEvents();
      expect(event).toBeInstanceOf(SubscriberEmailChanged);
      expect(event.toPrimitives()).toMatchObject({ login: 'vk2666', previousEmail: 'buh@example.kz', email: 'new@example.kz' });
      expect(codeOf(() => account.confirmEmailChange('mail-1', builder.clock.now()))).toBe('IDENTITY.LINK_INVALID');
    });

    it('refuses the current address as the new one, and an expired link', () => {
      const builder = new SubscriberAccountBuilder().confirmed();
      const account = builder.build();
      expect(codeOf(() => account.requestEmailChange('BUH@example.kz', { hash: 'x', expiresAt: builder.clock.now() }))).toBe('IDENTITY.EMAIL_UNCHANGED');
      account.requestEmailChange('new@example.kz', { hash: 'mail-1', expiresAt: new Date(builder.clock.now().getTime() + 48 * HOUR) });
      builder.clock.advance(49 * HOUR);
      expect(codeOf(() => account.confirmEmailChange('mail-1', builder.clock.now()))).toBe('IDENTITY.LINK_EXPIRED');
      expect(account.email).toBe('buh@example.kz');
    });
  });

  describe('language', () => {
    it('keeps the language of the registration, and a later choice, for its e-mails', () => {
      const account = new SubscriberAccountBuilder().confirmed().build();
      expect(account.locale).toBe('ru');
      expect(account.localeOr('en')).toBe('ru');
      expect(account.chooseLocale('kk')).toBe(true);
      expect(account.chooseLocale('kk')).toBe(false);
      expect(account.localeOr('en')).toBe('kk');
      expect(account.pullDomainEvents()).toEqual([]);
    });

    it("writes the page's language to an account older than the choice", () => {
      const account = new SubscriberAccountBuilder().confirmed().build();
      account.locale = null;
      expect(account.localeOr('en')).toBe('en');
    });
  });

  describe('subscription', () => {
    it('raises subscription.changed only when the choice changes', () => {
      const builder = new SubscriberAccountBuilder().confirmed();
      const account = builder.build();
      expect(account.changeSubscription(true, builder.clock.now())).toBe(false);
      expect(account.pullDomainEvents()).toEqual([]);
      expect(account.changeSubscription(false, builder.clock.now())).toBe(true);
      const [event] = account.pullDomainEvents();
      expect(event).toBeInstanceOf(SubscriptionChanged);
      expect(event.toPrimitives()).toMatchObject({ login: 'vk2666', contractNumber: '2666', invoiceByEmail: false, email: 'buh@example.kz' });
    });

    it('takes the verification reminders from registration on, until turned off, and tells the back office nothing of them', () => {
      const builder = new SubscriberAccountBuilder().confirmed();
      const account = builder.build();
      expect(account.verificationReminders).toBe(true);
      expect(account.chooseVerificationReminders(true)).toBe(false);
      expect(account.chooseVerificationReminders(false)).toBe(true);
      expect(account.verificationReminders).toBe(false);
      expect(account.pullDomainEvents().filter((event) => event instanceof SubscriptionChanged)).toEqual([]);
    });
  });
});
