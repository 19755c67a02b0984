import { Injectable } from '@nestjs/common';
import { PlainSql, UnitOfWork } from '@app/persistence';
import { ReadingsSubmission } from '../../domain/readings-submission.aggregate';
import { ReadingsSubmissionRepository } from '../../domain/readings-submission.repository';

const COLUMNS = 'id, contract_number, idempotency_key, fingerprint, source, submitted_at, readings';
/** A contract's submission by its idempotency key: $1 the contract number, $2 the key. */
export const FIND_BY_KEY = `select ${COLUMNS} from readings_submission where contract_number = $1 and idempotency_key = $2`;
/** A submission's row: id, contract number, idempotency key, fingerprint, source, time, readings (JSON). */
export const INSERT_SUBMISSION = 'insert into readings_submission (id, contract_number, idempotency_key, fingerprint, source, submitted_at, readings) values ($1, $2, $3, $4, $5, $6, $7)';

@Injectable()
export class PgReadingsSubmissionRepository extends ReadingsSubmissionRepository {
  constructor(private readonly sql: PlainSql) {
    super();
  }

  /** Plain SQL into a plain object, outside the ORM (hot path of every submission, usually finds nothing). */
  async findByKey(contractNumber: string, idempotencyKey: string): Promise<ReadingsSubmission | null> {
    const [row] = await this.sql.query(FIND_BY_KEY, [contractNumber, idempotencyKey]);
    return row ? UnitOfWork.current().track(submissionOf(row)) : null;
  }

  async findById(submissionId: string): Promise<ReadingsSubmission | null> {
    const [row] = await this.sql.query(`select ${COLUMNS} from readings_submission where id = $1`, [submissionId]);
    return row ? UnitOfWork.current().track(submissionOf(row)) : null;
  }

  /**
   * Written at the end of the unit of work with plain SQL (the hot path of every submission): its row,
   * in the same transaction as the readings; the unit of work writes its events to the outbox after it.
   */
  add(submission: ReadingsSubmission): void {
    const unitOfWork = UnitOfWork.current();
    unitOfWork.track(submission);
    unitOfWork.beforeFlush(async () => {
      await this.sql.query(
        INSERT_SUBMISSION,
        [submission.id, submission.contractNumber, submission.idempotencyKey, submission.fingerprint, submission.source, submission.submittedAt, JSON.stringify(submission.readings)],
      );
    });
  }
}

function submissionOf(row: Record<string, unknown>): ReadingsSubmission {
  const submission = new ReadingsSubmission();
  submission.id = row.id as string;
  submission.contractNumber = row.contract_number as string;
  submission.idempotencyKey = row.idempotency_key as string;
  submission.fingerprint = row.fingerprint as string;
  submission.source = row.source as ReadingsSubmission['source'];
  submission.submittedAt = new Date(row.submitted_at as string);
  submission.readings = (typeof row.readings === 'string' ? JSON.parse(row.readings) : row.readings) as ReadingsSubmission['readings'];
  return submission;
}
