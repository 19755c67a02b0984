import { DomainError } from '@app/shared-kernel';

/** The broken rules of generated documents; texts are `errors.<code>` in the catalogues. */
export const DocumentErrors = {
  unsupportedFormat: (format: string) =>
    new DomainError('DOCUMENTS.UNSUPPORTED_FORMAT', `format "${format}" is not one of csv, xlsx (or json)`, { field: 'format', value: format }),
};
