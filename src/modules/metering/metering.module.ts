import { Module } from '@nestjs/common';
import { runOnPlainSql } from '@app/persistence';
import { BillingModule } from '@modules/billing';
import { RecordReadingOutcomeHandler } from './application/commands/record-reading-outcome/record-reading-outcome.handler';
import { SubmitReadings } from './application/commands/submit-readings/submit-readings.command';
import { SubmitReadingsHandler } from './application/commands/submit-readings/submit-readings.handler';
import { UpsertMeter } from './application/commands/upsert-meter/upsert-meter.command';
import { UpsertMeterHandler } from './application/commands/upsert-meter/upsert-meter.handler';
import { MeterRepository } from './domain/meter.repository';
import { ReadingRepository } from './domain/reading.repository';
import { ReadingsSubmissionRepository } from './domain/readings-submission.repository';
import { PgMeterRepository } from './infrastructure/persistence/pg-meter.repository';
import { MikroOrmReadingRepository } from './infrastructure/persistence/mikro-orm-reading.repository';
import { MikroOrmReadingsSubmissionRepository } from './infrastructure/persistence/mikro-orm-readings-submission.repository';
import { MeterReadingsQuery } from './application/queries/meter-readings.query';
import { ReadingsController } from './interface/http/readings.controller';
import { ReadingsPageController } from './interface/web/readings.page-controller';
import { ReadingsPageModel } from './interface/web/readings.page-model';

const persistence = [
  { provide: MeterRepository, useClass: PgMeterRepository },
  { provide: ReadingRepository, useClass: MikroOrmReadingRepository },
  { provide: ReadingsSubmissionRepository, useClass: MikroOrmReadingsSubmissionRepository },
];

const handlers = [UpsertMeterHandler, RecordReadingOutcomeHandler, SubmitReadingsHandler];

// Submitting readings (every request of the end-of-month rush) and the back office's meter.upserted
// read and write through the plain-SQL paths of the adapters above only (lockOfContract, findByKey,
// aroundPeriod and the writes they leave for the end of the unit of work; findById and save).
runOnPlainSql(SubmitReadings, UpsertMeter);

/**
 * Metering: meters published by the back office, readings submitted by subscribers (page and REST),
 * and the back office's verdict on them. Its command handlers are registered in both processes: the
 * worker's back-office processor dispatches UpsertMeter and RecordReadingOutcome.
 */
@Module({
  imports: [BillingModule],
  controllers: [ReadingsPageController, ReadingsController],
  providers: [...persistence, ...handlers, MeterReadingsQuery, ReadingsPageModel],
})
export class MeteringModule {}

/** Metering in the worker: only the command handlers (no controllers). */
@Module({
  providers: [...persistence, ...handlers],
})
export class MeteringWorkerModule {}
