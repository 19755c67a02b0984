import { DomainError } from '@app/shared-kernel';
import { IdentityErrors } from './identity.errors';

const EMAIL = /^[^\s@"<>()[\],;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** An e-mail address as a subscriber types it: trimmed, the domain in lower case, at most 254 characters. */
export function parseEmail(raw: string, field = 'email'): string | DomainError {
  const value = raw.trim();
  if (value === '') return IdentityErrors.fieldRequired(field);
  if (value.length > 254 || !EMAIL.test(value)) return IdentityErrors.emailInvalid(field);
  const at = value.lastIndexOf('@');
  return `${value.slice(0, at)}@${value.slice(at + 1).toLowerCase()}`;
}

export function sameEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
