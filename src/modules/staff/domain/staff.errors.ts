import { DomainError } from '@app/shared-kernel';

/** The broken rules of staff accounts (raised by the command line that creates them). */
export const StaffErrors = {
  invalidLogin: () => new DomainError('STAFF.INVALID_LOGIN', 'A staff login is 3 to 64 letters, digits, ".", "_" or "-"'),
};
