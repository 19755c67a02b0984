import { Module } from '@nestjs/common';
import { runOnPlainSql } from '@app/persistence';
import { BillingModule } from '@modules/billing';
import { IdentityDirectoryModule } from '@modules/identity';
import { SendVerificationRemindersHandler } from './application/commands/send-verification-reminders/send-verification-reminders.handler';
import { VerificationReminderLedger } from './domain/verification-reminder.ledger';
import { PgVerificationReminderLedger } from './infrastructure/persistence/pg-verification-reminder.ledger';
import { VerificationRemindersProcessor, VerificationRemindersScheduler } from './infrastructure/queue/verification-reminders.processor';
import { RecordReadingOutcome } from './application/commands/record-reading-outcome/record-reading-outcome.command';
import { RecordReadingOutcomeHandler } from './application/commands/record-reading-outcome/record-reading-outcome.handler';
import { SubmitReadings } from './application/commands/submit-readings/submit-readings.command';
import { SubmitReadingsHandler } from './application/commands/submit-readings/submit-readings.handler';
import { UpsertMeter } from './application/commands/upsert-meter/upsert-meter.command';
import { UpsertMeterHandler } from './application/commands/upsert-meter/upsert-meter.handler';
import { MeterRepository } from './domain/meter.repository';
import { ReadingRepository } from './domain/reading.repository';
import { PublishedReadingRepository } from './domain/published-reading.repository';
import { ReadingsSubmissionRepository } from './domain/readings-submission.repository';
import { PgMeterRepository } from './infrastructure/persistence/pg-meter.repository';
import { PgReadingRepository } from './infrastructure/persistence/pg-reading.repository';
import { PgReadingsSubmissionRepository } from './infrastructure/persistence/pg-readings-submission.repository';
import { PgPublishedReadingRepository } from './infrastructure/persistence/pg-published-reading.repository';
import { KnownReadingRepository } from './domain/known-reading.repository';
import { PgKnownReadingRepository } from './infrastructure/persistence/pg-known-reading.repository';
import { ConsumptionHistoryQuery } from './application/queries/consumption-history.query';
import { MeterReadingsQuery } from './application/queries/meter-readings.query';
import { ConsumptionController } from './interface/http/consumption.controller';
import { ReadingsController } from './interface/http/readings.controller';
import { ConsumptionPageController } from './interface/web/consumption.page-controller';
import { ConsumptionPageModel } from './interface/web/consumption.page-model';
import { ReadingsPageController } from './interface/web/readings.page-controller';
import { ReadingsPageModel } from './interface/web/readings.page-model';

const persistence = [
  { provide: MeterRepository, useClass: PgMeterRepository },
  { provide: ReadingRepository, useClass: PgReadingRepository },
  { provide: ReadingsSubmissionRepository, useClass: PgReadingsSubmissionRepository },
  { provide: PublishedReadingRepository, useClass: PgPublishedReadingRepository },
  { provide: KnownReadingRepository, useClass: PgKnownReadingRepository },
];

const handlers = [UpsertMeterHandler, RecordReadingOutcomeHandler, SubmitReadingsHandler];

// Metering's adapters are all plain SQL: submitting readings (every request of the end-of-month rush),
// the back office's meter.upserted and its verdicts on readings never need a fork of the ORM.
runOnPlainSql(SubmitReadings, UpsertMeter, RecordReadingOutcome);

/**
 * Metering: meters published by the back office, readings submitted by subscribers (page and REST),
 * and the back office's verdict on them. Its command handlers are registered in both processes: the
 * worker's back-office processor dispatches UpsertMeter and RecordReadingOutcome.
 */
@Module({
  imports: [BillingModule],
  controllers: [ReadingsPageController, ReadingsController, ConsumptionPageController, ConsumptionController],
  providers: [...persistence, ...handlers, MeterReadingsQuery, ReadingsPageModel, ConsumptionHistoryQuery, ConsumptionPageModel],
})
export class MeteringModule {}

/** Metering in the worker: only the command handlers (no controllers). */
@Module({
  imports: [BillingModule],
  providers: [...persistence, ...handlers],
})
export class MeteringWorkerModule {}

/**
 * Metering's scheduled work in the worker: the daily verification reminders (job scheduler, processor,
 * command), asking Identity's SubscriberDirectory who takes them.
 */
@Module({
  imports: [IdentityDirectoryModule],
  providers: [
    ...persistence,
    { provide: VerificationReminderLedger, useClass: PgVerificationReminderLedger },
    SendVerificationRemindersHandler,
    VerificationRemindersProcessor,
    VerificationRemindersScheduler,
  ],
})
export class MeteringRemindersModule {}
