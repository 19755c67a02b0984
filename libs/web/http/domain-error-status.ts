/**
 * The HTTP status of every domain error code the project raises, for the one global filter: written
 * down here, one table for all contexts, never guessed from the code's wording. A code raised anywhere
 * without an entry fails the unit test test/architecture/domain-error-status.spec.ts, and so does an
 * entry no code uses. A broken business rule is 422; the others say why.
 *
 * Codes that are only ever raised as rows of a DomainErrors (METERING.* of a refused submission,
 * IDENTITY.* of a refused form) answer with their group's status; theirs is the one they would have
 * alone.
 */
export const DOMAIN_ERROR_STATUS: Readonly<Record<string, number>> = {
  'BILLING.ACCOUNT_NOT_IN_CONTRACT': 422,
  'BILLING.ACCOUNT_OF_ANOTHER_CONTRACT': 422,
  'BILLING.CONTRACT_NOT_FOUND': 404,
  'BILLING.DUPLICATE_ACCOUNT': 409,
  'BILLING.DUPLICATE_CHARGE_LINE': 409,
  'BILLING.INDIVIDUAL_ACCOUNT_MISMATCH': 422,
  'BILLING.INVALID_AMOUNT': 422,
  // A query or body field that is not a month at all: the request is malformed.
  'BILLING.INVALID_PERIOD': 400,
  'BILLING.INVALID_PERIOD_RANGE': 422,
  'BILLING.NO_ACCOUNTS': 422,
  'BILLING.PAYMENT_OF_ANOTHER_CONTRACT': 422,
  // Made, kept for a day, then deleted.
  'BILLING.REPORT_EXPIRED': 410,
  // Another subscriber's report is "not found" too: its existence is not told.
  'BILLING.REPORT_NOT_FOUND': 404,
  // Its file was asked for while it is being made (or could not be made): ask again later.
  'BILLING.REPORT_NOT_READY': 409,

  // ?format= names no format the cabinet writes.
  'DOCUMENTS.UNSUPPORTED_FORMAT': 400,

  'IDENTITY.ACCOUNT_NOT_FOUND': 404,
  'IDENTITY.ALREADY_CONFIRMED': 409,
  'IDENTITY.ALREADY_REGISTERED': 409,
  'IDENTITY.CHANGE_INVALID': 422,
  'IDENTITY.CHECKWORD_EXPIRED': 422,
  'IDENTITY.CHECKWORD_INVALID': 422,
  'IDENTITY.CONTRACT_NOT_FOUND': 404,
  'IDENTITY.CURRENT_PASSWORD_WRONG': 422,
  'IDENTITY.EMAIL_INVALID': 422,
  'IDENTITY.EMAIL_UNCHANGED': 422,
  'IDENTITY.FIELD_REQUIRED': 422,
  'IDENTITY.IIN_BIN_INVALID': 422,
  'IDENTITY.IIN_BIN_MISMATCH': 422,
  'IDENTITY.INVALID_CREDENTIALS': 401,
  'IDENTITY.LINK_EXPIRED': 422,
  'IDENTITY.LINK_INVALID': 422,
  'IDENTITY.NAME_TOO_LONG': 422,
  // The password was right; the account may not log in until its e-mail is confirmed.
  'IDENTITY.NOT_CONFIRMED': 403,
  'IDENTITY.NUMBER_INVALID': 422,
  'IDENTITY.PASSWORD_EQUALS_EMAIL': 422,
  'IDENTITY.PASSWORD_EQUALS_LOGIN': 422,
  'IDENTITY.PASSWORD_MISMATCH': 422,
  'IDENTITY.PASSWORD_TOO_COMMON': 422,
  'IDENTITY.PASSWORD_TOO_LONG': 422,
  'IDENTITY.PASSWORD_TOO_SHORT': 422,
  'IDENTITY.RECOVERY_DATA_MISMATCH': 422,
  'IDENTITY.REGISTRATION_INVALID': 422,
  'IDENTITY.TOO_MANY_ATTEMPTS': 429,
  'IDENTITY.UNAUTHENTICATED': 401,

  'METERING.IDEMPOTENCY_KEY_CONFLICT': 409,
  'METERING.METER_NOT_FOUND': 404,
  'METERING.METER_REMOVED': 422,
  'METERING.NOTHING_ENTERED': 422,
  'METERING.NO_FACTORY_NUMBER': 422,
  'METERING.READING_ALREADY_PROCESSED': 409,
  'METERING.READING_BELOW_PREVIOUS': 422,
  'METERING.READING_NEGATIVE': 422,
  'METERING.READING_NOT_A_NUMBER': 422,
  'METERING.READING_NOT_FOUND': 404,
  'METERING.READING_TOO_MANY_DIGITS': 422,
  'METERING.SINGLE_METER_CONFIRMATION_REQUIRED': 422,
  'METERING.SUBMISSION_REFUSED': 422,
  'METERING.UNUSUAL_CONSUMPTION': 422,
  'METERING.UNUSUAL_CONSUMPTION_OF_METER': 422,
  'METERING.VERIFICATION_EXPIRED': 422,

  // Two requests changed the same data at once: the client may try again.
  'PERSISTENCE.CONFLICT': 409,
  'SHARED.INVALID_IIN_BIN': 422,
  'STAFF.INVALID_LOGIN': 422,
};

/** The status for a domain error's code; a code missing from the table is a programming error (500). */
export function statusOfDomainError(code: string): number {
  return Object.hasOwn(DOMAIN_ERROR_STATUS, code) ? DOMAIN_ERROR_STATUS[code] : 500;
}
