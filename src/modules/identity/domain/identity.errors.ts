import { DomainError, DomainErrors } from '@app/shared-kernel';
import type { PasswordWeakness } from './password-policy';

/**
 * The broken rules of Identity. Each code is stable; the text a user sees is the catalogue entry
 * `errors.<code>` (interface/i18n/ru.json). A rule broken by one form field names it in
 * `details.field`, so that the page shows the text beside that field.
 */
export const IdentityErrors = {
  fieldRequired: (field: string) => new DomainError('IDENTITY.FIELD_REQUIRED', 'This field is required', { field }),
  nameTooLong: (field: string, max: number) => new DomainError('IDENTITY.NAME_TOO_LONG', 'The name is too long', { field, max }),
  emailInvalid: (field: string) => new DomainError('IDENTITY.EMAIL_INVALID', 'Not an e-mail address', { field }),
  emailUnchanged: () => new DomainError('IDENTITY.EMAIL_UNCHANGED', 'The new e-mail is the current one', { field: 'email' }),
  passwordTooShort: (field: string, min: number) => new DomainError('IDENTITY.PASSWORD_TOO_SHORT', 'The password is too short', { field, min }),
  passwordTooLong: (field: string, max: number) => new DomainError('IDENTITY.PASSWORD_TOO_LONG', 'The password is too long', { field, max }),
  passwordEqualsLogin: (field: string) => new DomainError('IDENTITY.PASSWORD_EQUALS_LOGIN', 'The password equals the login', { field }),
  passwordEqualsEmail: (field: string) => new DomainError('IDENTITY.PASSWORD_EQUALS_EMAIL', 'The password equals the e-mail', { field }),
  passwordTooCommon: (field: string) => new DomainError('IDENTITY.PASSWORD_TOO_COMMON', 'The password is too common', { field }),
  /** A password the estimator finds too easy to guess, with a code for each kind of reason. */
  passwordWeak: (field: string, weakness: PasswordWeakness): DomainError => {
    switch (weakness) {
      case 'common':
        return IdentityErrors.passwordTooCommon(field);
      case 'keyboard':
        return new DomainError('IDENTITY.PASSWORD_KEYBOARD_PATTERN', 'The password is a keyboard pattern', { field });
      case 'repeat':
        return new DomainError('IDENTITY.PASSWORD_REPEATS', 'The password repeats characters', { field });
      case 'sequence':
        return new DomainError('IDENTITY.PASSWORD_SEQUENCE', 'The password is a sequence', { field });
      case 'date':
        return new DomainError('IDENTITY.PASSWORD_DATE', 'The password is a date or a year', { field });
      case 'single-word':
        return new DomainError('IDENTITY.PASSWORD_SINGLE_WORD', 'The password is a single word or name', { field });
      case 'personal':
        return new DomainError('IDENTITY.PASSWORD_PERSONAL_DATA', 'The password contains the subscriber\'s own data', { field });
      default:
        return new DomainError('IDENTITY.PASSWORD_TOO_WEAK', 'The password is too easy to guess', { field });
    }
  },
  passwordMismatch: (field: string) => new DomainError('IDENTITY.PASSWORD_MISMATCH', 'The passwords differ', { field }),
  iinBinInvalid: (field: string) => new DomainError('IDENTITY.IIN_BIN_INVALID', 'Not a valid IIN/BIN', { field }),
  numberInvalid: (field: string) => new DomainError('IDENTITY.NUMBER_INVALID', 'Not a contract or account number', { field }),
  /** No contract with this number and IIN/BIN: the same answer whether the number or the IIN/BIN is wrong. */
  contractNotFound: (field: string) => new DomainError('IDENTITY.CONTRACT_NOT_FOUND', 'No contract with this number and IIN/BIN', { field }),
  /** No personal account with this number and IIN: the same answer whether the number or the IIN is wrong. */
  accountNotFound: (field: string) => new DomainError('IDENTITY.ACCOUNT_NOT_FOUND', 'No personal account with this number and IIN', { field }),
  alreadyRegistered: (field: string) => new DomainError('IDENTITY.ALREADY_REGISTERED', 'This contract or account already has a cabinet', { field }),
  /** Every broken rule of a registration form, together. */
  registrationInvalid: (errors: readonly DomainError[]) => new DomainErrors('IDENTITY.REGISTRATION_INVALID', errors),
  /** Every broken rule of a password change or reset form, together. */
  changeInvalid: (errors: readonly DomainError[]) => new DomainErrors('IDENTITY.CHANGE_INVALID', errors),
  currentPasswordWrong: (field: string) => new DomainError('IDENTITY.CURRENT_PASSWORD_WRONG', 'The current password is wrong', { field }),
  invalidCredentials: () => new DomainError('IDENTITY.INVALID_CREDENTIALS', 'Wrong login or password'),
  tooManyAttempts: (retryAfterSeconds: number) =>
    new DomainError('IDENTITY.TOO_MANY_ATTEMPTS', 'Too many failed logins', { retryAfterSeconds, minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) }),
  tooManyRegistrations: (retryAfterSeconds: number) =>
    new DomainError('IDENTITY.TOO_MANY_REGISTRATIONS', 'Too many registration attempts', { retryAfterSeconds, minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) }),
  notConfirmed: () => new DomainError('IDENTITY.NOT_CONFIRMED', 'The e-mail address is not confirmed yet'),
  alreadyConfirmed: () => new DomainError('IDENTITY.ALREADY_CONFIRMED', 'The account is already confirmed'),
  linkInvalid: () => new DomainError('IDENTITY.LINK_INVALID', 'The link is not valid'),
  linkExpired: () => new DomainError('IDENTITY.LINK_EXPIRED', 'The link has expired'),
  checkwordInvalid: () => new DomainError('IDENTITY.CHECKWORD_INVALID', 'The check word is not valid', { field: 'checkword' }),
  checkwordExpired: () => new DomainError('IDENTITY.CHECKWORD_EXPIRED', 'The check word has expired', { field: 'checkword' }),
  recoveryDataMismatch: () => new DomainError('IDENTITY.RECOVERY_DATA_MISMATCH', 'The registration data do not match the account'),
  unauthenticated: () => new DomainError('IDENTITY.UNAUTHENTICATED', 'No such subscriber'),
};
