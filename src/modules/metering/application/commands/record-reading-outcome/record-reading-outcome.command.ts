import type { ReadingProcessed } from '@app/messaging';

/** From the back office (reading.processed): the reading of that submission and meter is accepted or rejected. */
export class RecordReadingOutcome {
  constructor(readonly payload: ReadingProcessed) {}
}
