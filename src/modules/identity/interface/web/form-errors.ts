import { DomainError, DomainErrors } from '@app/shared-kernel';
import type { Translator } from '@app/web';

/** A form's error texts: one per field (shown beside it) and one for the whole form. */
export interface FormErrors {
  fields: Record<string, string>;
  form: string;
}

/**
 * Turns a refused command into the form's messages, from the catalogue. Every field of `fields` gets
 * a value ('' when fine), since the templates are strict. Anything but a domain error is rethrown.
 */
export function formErrors(error: unknown, messages: Translator, fields: readonly string[]): FormErrors {
  if (!(error instanceof DomainError)) throw error;
  const result: FormErrors = { fields: Object.fromEntries(fields.map((field) => [field, ''])), form: '' };
  const text = (e: DomainError) => {
    const key = `errors.${e.code}`;
    return messages.has(key) ? messages.t(key, e.details as Record<string, unknown>) : e.message;
  };
  const all = error instanceof DomainErrors ? error.errors : [error];
  for (const each of all) {
    const field = typeof each.details.field === 'string' ? each.details.field : undefined;
    if (field && field in result.fields) {
      if (!result.fields[field]) result.fields[field] = text(each);
    } else if (!result.form) result.form = text(each);
  }
  if (error instanceof DomainErrors && !result.form) result.form = text(error);
  return result;
}

export function noErrors(fields: readonly string[]): FormErrors {
  return { fields: Object.fromEntries(fields.map((field) => [field, ''])), form: '' };
}

/** A checkbox of an HTML form or a boolean of JSON. */
export function checked(value: unknown): boolean {
  return value === true || value === '1' || value === 'on' || value === 'true';
}
