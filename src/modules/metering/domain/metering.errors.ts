import { DomainError, DomainErrors } from '@app/shared-kernel';

/**
 * The broken rules of Metering. Each code is stable; the text a user sees is the catalogue entry
 * `errors.<code>` (interface/i18n/ru.json). Row errors carry `field: <meterId>` so that adapters put the
 * message next to the meter's input.
 */
export class MeterWithoutFactoryNumber extends DomainError {
  constructor(meterId: string) {
    super('METERING.NO_FACTORY_NUMBER', 'Readings are not accepted for a meter without a factory number', { field: meterId });
  }
}

export class MeterRemoved extends DomainError {
  constructor(meterId: string) {
    super('METERING.METER_REMOVED', 'Readings are not accepted for a removed meter', { field: meterId });
  }
}

export class VerificationExpired extends DomainError {
  constructor(meterId: string, verificationDate: string) {
    super('METERING.VERIFICATION_EXPIRED', `The meter's verification date ${verificationDate} has passed`, { field: meterId, verificationDate });
  }
}

export class ReadingNotANumber extends DomainError {
  constructor(meterId: string) {
    super('METERING.READING_NOT_A_NUMBER', 'The reading is not a number', { field: meterId });
  }
}

export class ReadingNegative extends DomainError {
  constructor(meterId: string) {
    super('METERING.READING_NEGATIVE', 'The reading is negative', { field: meterId });
  }
}

export class ReadingTooManyDigits extends DomainError {
  constructor(meterId: string) {
    super('METERING.READING_TOO_MANY_DIGITS', 'A reading has at most 8 integer and 3 decimal digits', { field: meterId });
  }
}

export class ReadingBelowPrevious extends DomainError {
  constructor(meterId: string, previous: string) {
    super('METERING.READING_BELOW_PREVIOUS', `The reading is lower than the previous one (${previous})`, { field: meterId, previous });
  }
}

export class ReadingAlreadyProcessed extends DomainError {
  constructor(meterId: string) {
    super('METERING.READING_ALREADY_PROCESSED', "This month's reading has been processed by the back office and cannot be changed", { field: meterId });
  }
}

export class MeterNotFound extends DomainError {
  constructor(meterId: string) {
    super('METERING.METER_NOT_FOUND', `No meter ${meterId} among the subscriber's meters`, { field: meterId });
  }
}

export class NothingEntered extends DomainError {
  constructor() {
    super('METERING.NOTHING_ENTERED', 'No reading was entered');
  }
}

export class SingleMeterConfirmationRequired extends DomainError {
  constructor(meterId: string, workingMeters: number) {
    super('METERING.SINGLE_METER_CONFIRMATION_REQUIRED', `Readings for one meter of ${workingMeters} working meters need an explicit confirmation`, { meterId, workingMeters });
  }
}

export class IdempotencyKeyReused extends DomainError {
  constructor() {
    super('METERING.IDEMPOTENCY_KEY_CONFLICT', 'This idempotency key was used for a different submission');
  }
}

export class SubmissionRefused extends DomainErrors {
  constructor(errors: readonly DomainError[]) {
    super('METERING.SUBMISSION_REFUSED', errors);
  }
}

export class UnknownSubmission extends DomainError {
  constructor(submissionId: string, meterId: string) {
    super('METERING.READING_NOT_FOUND', `No reading of submission ${submissionId} for meter ${meterId}`, { submissionId, meterId });
  }
}
