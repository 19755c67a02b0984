import { DomainError } from '@app/shared-kernel';
import { IdentityErrors } from './identity.errors';

export type SubscriberType = 'legal' | 'individual';

/** Contract and personal account numbers as the back office issues them. */
const NUMBER = /^[0-9A-Za-z][0-9A-Za-z/-]{0,31}$/;

/** Normalises a contract or personal account number, or returns a field error. */
export function parseContractNumber(raw: string, field: string): string | DomainError {
  const value = raw.trim();
  if (value === '') return IdentityErrors.fieldRequired(field);
  if (!NUMBER.test(value)) return IdentityErrors.numberInvalid(field);
  return value;
}

/**
 * The login rule of the manual: a legal entity's login is its contract number with the prefix `vk`
 * (contract «123» → «vk123»); an individual's login is the personal account number.
 */
export function loginFor(type: SubscriberType, contractOrAccount: string): string {
  const number = contractOrAccount.trim();
  return type === 'legal' ? `vk${number}`.toLowerCase() : number.toLowerCase();
}

/** Logins are compared without regard to case or surrounding spaces. */
export function normalizeLogin(raw: string): string {
  return raw.trim().toLowerCase();
}
