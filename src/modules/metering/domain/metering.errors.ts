import { DomainError, DomainErrors } from '@app/shared-kernel';
import type { UnusualConsumption } from './unusual-consumption';

/**
 * The broken rules of Metering. Each code is stable; the text a user sees is the catalogue entry
 * `errors.<code>` (interface/i18n/ru.json). Row errors carry `field: <meterId>` so that adapters put the
 * message next to the meter's input.
 */
export const MeteringErrors = {
  noFactoryNumber: (meterId: string) => new DomainError('METERING.NO_FACTORY_NUMBER', 'Readings are not accepted for a meter without a factory number', { field: meterId }),
  meterRemoved: (meterId: string) => new DomainError('METERING.METER_REMOVED', 'Readings are not accepted for a removed meter', { field: meterId }),
  verificationExpired: (meterId: string, verificationDate: string) =>
    new DomainError('METERING.VERIFICATION_EXPIRED', `The meter's verification date ${verificationDate} has passed`, { field: meterId, verificationDate }),
  readingNotANumber: (meterId: string) => new DomainError('METERING.READING_NOT_A_NUMBER', 'The reading is not a number', { field: meterId }),
  readingNegative: (meterId: string) => new DomainError('METERING.READING_NEGATIVE', 'The reading is negative', { field: meterId }),
  readingTooManyDigits: (meterId: string) => new DomainError('METERING.READING_TOO_MANY_DIGITS', 'A reading has at most 8 integer and 3 decimal digits', { field: meterId }),
  readingBelowPrevious: (meterId: string, previous: string) =>
    new DomainError('METERING.READING_BELOW_PREVIOUS', `The reading is lower than the previous one (${previous})`, { field: meterId, previous }),
  readingAlreadyProcessed: (meterId: string) =>
    new DomainError('METERING.READING_ALREADY_PROCESSED', "This month's reading has been processed by the back office and cannot be changed", { field: meterId }),
  meterNotFound: (meterId: string) => new DomainError('METERING.METER_NOT_FOUND', `No meter ${meterId} among the subscriber's meters`, { field: meterId }),
  nothingEntered: () => new DomainError('METERING.NOTHING_ENTERED', 'No reading was entered'),
  singleMeterConfirmationRequired: (meterId: string, workingMeters: number) =>
    new DomainError('METERING.SINGLE_METER_CONFIRMATION_REQUIRED', `Readings for one meter of ${workingMeters} working meters need an explicit confirmation`, { meterId, workingMeters }),
  /**
   * Readings whose month's consumption is unusual (unusual-consumption.ts), not confirmed: one error per
   * meter, with its figures as decimal strings, under one code. A warning, not a refusal: the same
   * submission with the confirmation is taken.
   */
  unusualConsumption: (readings: readonly UnusualConsumption[]) =>
    new DomainErrors(
      'METERING.UNUSUAL_CONSUMPTION',
      readings.map(
        (unusual) =>
          new DomainError('METERING.UNUSUAL_CONSUMPTION_OF_METER', `The month's consumption ${unusual.consumption.toString()} m³ is more than 3 times the usual ${unusual.average.toString()} m³`, {
            field: unusual.meterId,
            factoryNumber: unusual.factoryNumber ?? '-',
            consumption: unusual.consumption.toString(),
            average: unusual.average.toString(),
            ratio: unusual.ratio,
            months: unusual.months,
          }),
      ),
    ),
  idempotencyKeyReused: () => new DomainError('METERING.IDEMPOTENCY_KEY_CONFLICT', 'This idempotency key was used for a different submission'),
  /** Every refused row of a submission, together (all or nothing). */
  submissionRefused: (errors: readonly DomainError[]) => new DomainErrors('METERING.SUBMISSION_REFUSED', errors),
  unknownSubmission: (submissionId: string, meterId: string) =>
    new DomainError('METERING.READING_NOT_FOUND', `No reading of submission ${submissionId} for meter ${meterId}`, { submissionId, meterId }),
};
