import type { ReadingsSubmission } from './readings-submission.aggregate';

/** Port: accepted submissions, found again by their idempotency key. */
export abstract class ReadingsSubmissionRepository {
  abstract findByKey(contractNumber: string, idempotencyKey: string): Promise<ReadingsSubmission | null>;
  abstract findById(submissionId: string): Promise<ReadingsSubmission | null>;
  abstract add(submission: ReadingsSubmission): void;
}
