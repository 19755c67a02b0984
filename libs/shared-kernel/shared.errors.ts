import { DomainError } from './domain-error';

/** The broken rules of the shared kernel's value objects; texts are `errors.<code>` in the catalogues. */
export const SharedErrors = {
  invalidIinBin: (text: string) => new DomainError('SHARED.INVALID_IIN_BIN', `"${text}" is not a valid IIN/BIN: 12 digits with a valid check digit`, { value: text }),
};
