export { MeteringModule, MeteringWorkerModule } from './metering.module';
export { UpsertMeter } from './application/commands/upsert-meter/upsert-meter.command';
export { RecordReadingOutcome } from './application/commands/record-reading-outcome/record-reading-outcome.command';
export type { ReadingOutcomeResult } from './application/commands/record-reading-outcome/record-reading-outcome.handler';
export { SubmitReadings } from './application/commands/submit-readings/submit-readings.command';
export type { SubmitReadingsResult } from './application/commands/submit-readings/submit-readings.command';
