import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@app/shared-kernel';
import { MeteringErrors } from '../../../domain/metering.errors';
import { ReadingRepository } from '../../../domain/reading.repository';
import { ReadingsSubmissionRepository } from '../../../domain/readings-submission.repository';
import { RecordReadingOutcome } from './record-reading-outcome.command';

export type ReadingOutcomeResult = 'recorded' | 'unchanged' | 'superseded';

/**
 * Idempotent: the same outcome twice changes nothing; an outcome for a submission whose reading has
 * since been corrected by a newer one is ignored ('superseded'); an unknown submission or meter fails.
 */
@CommandHandler(RecordReadingOutcome)
export class RecordReadingOutcomeHandler implements ICommandHandler<RecordReadingOutcome, ReadingOutcomeResult> {
  constructor(
    private readonly readings: ReadingRepository,
    private readonly submissions: ReadingsSubmissionRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ payload }: RecordReadingOutcome): Promise<ReadingOutcomeResult> {
    const reading = await this.readings.lockOfSubmission(payload.submissionId, payload.meterId);
    if (reading) {
      const changed = reading.recordOutcome(payload.submissionId, payload.status, payload.reason ?? null, this.clock.now());
      return changed ? 'recorded' : 'unchanged';
    }
    const submission = await this.submissions.findById(payload.submissionId);
    if (submission?.readings.some((row) => row.meterId === payload.meterId)) return 'superseded';
    throw MeteringErrors.unknownSubmission(payload.submissionId, payload.meterId);
  }
}
