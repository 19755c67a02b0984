export { MeteringModule, MeteringRemindersModule, MeteringWorkerModule } from './metering.module';
export { UpsertMeter } from './application/commands/upsert-meter/upsert-meter.command';
export { RecordReadingOutcome } from './application/commands/record-reading-outcome/record-reading-outcome.command';
