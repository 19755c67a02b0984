import { DomainError } from '@app/shared-kernel';
import { IdentityErrors } from './identity.errors';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * What a subscriber's new password must be: 10 to 128 characters, not the login, not the e-mail, and
 * not among the common passwords of the list the policy is given (compared without regard to case).
 * Length counts Unicode code points, so a Cyrillic password is measured as the user sees it.
 */
export class PasswordPolicy {
  private readonly common: ReadonlySet<string>;

  constructor(commonPasswords: Iterable<string>) {
    this.common = new Set([...commonPasswords].map((password) => password.toLowerCase()));
  }

  /** The broken rules for `password` (empty when it is acceptable), each naming `field`. */
  check(password: string, context: { login?: string | null; email?: string | null }, field = 'password'): DomainError[] {
    if (password === '') return [IdentityErrors.fieldRequired(field)];
    const length = [...password].length;
    if (length < PASSWORD_MIN_LENGTH) {
      return [IdentityErrors.passwordTooShort(field, PASSWORD_MIN_LENGTH)];
    }
    if (length > PASSWORD_MAX_LENGTH) {
      return [IdentityErrors.passwordTooLong(field, PASSWORD_MAX_LENGTH)];
    }
    const lower = password.toLowerCase();
    if (context.login && lower === context.login.trim().toLowerCase()) {
      return [IdentityErrors.passwordEqualsLogin(field)];
    }
    if (context.email && lower === context.email.trim().toLowerCase()) {
      return [IdentityErrors.passwordEqualsEmail(field)];
    }
    if (this.common.has(lower)) return [IdentityErrors.passwordTooCommon(field)];
    return [];
  }

  /** The new password and its confirmation: the policy, then whether both are the same. */
  checkWithConfirmation(
    password: string,
    confirmation: string,
    context: { login?: string | null; email?: string | null },
    fields: { password: string; confirmation: string } = { password: 'password', confirmation: 'passwordConfirmation' },
  ): DomainError[] {
    const errors = this.check(password, context, fields.password);
    if (confirmation === '') errors.push(IdentityErrors.fieldRequired(fields.confirmation));
    else if (password !== '' && confirmation !== password) {
      errors.push(IdentityErrors.passwordMismatch(fields.confirmation));
    }
    return errors;
  }
}
