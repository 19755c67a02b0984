import { DomainError } from '@app/shared-kernel';
import { IdentityErrors } from './identity.errors';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/** Why a password is too easy to guess (each kind has its own text in the catalogues). */
export type PasswordWeakness = 'common' | 'keyboard' | 'repeat' | 'sequence' | 'date' | 'single-word' | 'personal' | 'weak';

/**
 * A strength estimator (zxcvbn in production): why the password is too weak given the person's own data
 * (login, e-mail, name, contract number), or null when it is strong enough.
 */
export type PasswordEstimator = (password: string, userInputs: readonly (string | null | undefined)[]) => PasswordWeakness | null;

/** The person a password is for: what an attacker may know of them, which the password must not lean on. */
export interface PasswordOwner {
  login?: string | null;
  email?: string | null;
  name?: string | null;
  contractNumber?: string | null;
}

/**
 * What a subscriber's new password must be: 10 to 128 characters, not the login, not the e-mail, and
 * strong by the estimator (zxcvbn score 3 or more, with the owner's data as user inputs); a weak one is
 * refused with the reason. Length counts Unicode code points, so a Cyrillic password is measured as the
 * user sees it.
 */
export class PasswordPolicy {
  constructor(private readonly estimate: PasswordEstimator) {}

  /** The broken rules for `password` (empty when it is acceptable), each naming `field`. */
  check(password: string, owner: PasswordOwner, field = 'password'): DomainError[] {
    if (password === '') return [IdentityErrors.fieldRequired(field)];
    const length = [...password].length;
    if (length < PASSWORD_MIN_LENGTH) {
      return [IdentityErrors.passwordTooShort(field, PASSWORD_MIN_LENGTH)];
    }
    if (length > PASSWORD_MAX_LENGTH) {
      return [IdentityErrors.passwordTooLong(field, PASSWORD_MAX_LENGTH)];
    }
    const lower = password.toLowerCase();
    if (owner.login && lower === owner.login.trim().toLowerCase()) {
      return [IdentityErrors.passwordEqualsLogin(field)];
    }
    if (owner.email && lower === owner.email.trim().toLowerCase()) {
      return [IdentityErrors.passwordEqualsEmail(field)];
    }
    const weakness = this.estimate(password, [owner.login, owner.email, owner.name, owner.contractNumber]);
    return weakness ? [IdentityErrors.passwordWeak(field, weakness)] : [];
  }

  /** The new password and its confirmation: the policy, then whether both are the same. */
  checkWithConfirmation(
    password: string,
    confirmation: string,
    owner: PasswordOwner,
    fields: { password: string; confirmation: string } = { password: 'password', confirmation: 'passwordConfirmation' },
  ): DomainError[] {
    const errors = this.check(password, owner, fields.password);
    if (confirmation === '') errors.push(IdentityErrors.fieldRequired(fields.confirmation));
    else if (password !== '' && confirmation !== password) {
      errors.push(IdentityErrors.passwordMismatch(fields.confirmation));
    }
    return errors;
  }
}
