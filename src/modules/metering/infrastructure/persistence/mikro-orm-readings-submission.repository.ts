import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { insertOutboxMessages, UnitOfWork } from '@app/persistence';
import { ReadingsSubmission } from '../../domain/readings-submission.aggregate';
import { ReadingsSubmissionRepository } from '../../domain/readings-submission.repository';

@Injectable()
export class MikroOrmReadingsSubmissionRepository extends ReadingsSubmissionRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  /** Plain SQL mapped to a managed entity (hot path of every submission, usually finds nothing). */
  async findByKey(contractNumber: string, idempotencyKey: string): Promise<ReadingsSubmission | null> {
    const [row] = await UnitOfWork.current(this.em).query(
      'select id, contract_number, idempotency_key, fingerprint, source, submitted_at, readings from readings_submission where contract_number = $1 and idempotency_key = $2',
      [contractNumber, idempotencyKey],
    );
    return row ? this.em.map(ReadingsSubmission, row) : null;
  }

  findById(submissionId: string): Promise<ReadingsSubmission | null> {
    return this.em.findOne(ReadingsSubmission, { id: submissionId });
  }

  /**
   * Written at the end of the unit of work with plain SQL (the hot path of every submission): its row,
   * then its events in the outbox, in the same transaction as the readings.
   */
  add(submission: ReadingsSubmission): void {
    const unitOfWork = UnitOfWork.current(this.em);
    unitOfWork.beforeFlush(async () => {
      await unitOfWork.query(
        'insert into readings_submission (id, contract_number, idempotency_key, fingerprint, source, submitted_at, readings) values ($1, $2, $3, $4, $5, $6, $7)',
        [submission.id, submission.contractNumber, submission.idempotencyKey, submission.fingerprint, submission.source, submission.submittedAt, JSON.stringify(submission.readings)],
      );
      await insertOutboxMessages(unitOfWork, submission.pullDomainEvents());
    });
  }
}
