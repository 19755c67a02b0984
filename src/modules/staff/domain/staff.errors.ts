import { DomainError } from '@app/shared-kernel';

/** The broken rules of staff accounts (raised by the command line that creates them, and the staff login). */
export const StaffErrors = {
  invalidLogin: () => new DomainError('STAFF.INVALID_LOGIN', 'A staff login is 3 to 64 letters, digits, ".", "_" or "-"'),
  invalidRole: () => new DomainError('STAFF.INVALID_ROLE', 'A staff role is viewer or operator'),
  passwordTooWeak: (weakness: string) => new DomainError('STAFF.PASSWORD_TOO_WEAK', `The password is too easy to guess (${weakness}): choose a few unrelated words`, { weakness }),
  tooManyAttempts: (retryAfterSeconds: number) =>
    new DomainError('STAFF.TOO_MANY_ATTEMPTS', 'Too many failed staff logins', { retryAfterSeconds, minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) }),
};
