import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { ReadingsSubmission } from '../../domain/readings-submission.aggregate';
import { ReadingsSubmissionRepository } from '../../domain/readings-submission.repository';

@Injectable()
export class MikroOrmReadingsSubmissionRepository extends ReadingsSubmissionRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  /** Plain SQL mapped to a managed entity (hot path of every submission, usually finds nothing). */
  async findByKey(contractNumber: string, idempotencyKey: string): Promise<ReadingsSubmission | null> {
    const [row] = await this.em.getConnection().execute<Array<Record<string, unknown>>>(
      'select id, contract_number, idempotency_key, fingerprint, source, submitted_at, readings from readings_submission where contract_number = ? and idempotency_key = ?',
      [contractNumber, idempotencyKey],
      'all',
      this.em.getTransactionContext(),
    );
    return row ? this.em.map(ReadingsSubmission, row) : null;
  }

  findById(submissionId: string): Promise<ReadingsSubmission | null> {
    return this.em.findOne(ReadingsSubmission, { id: submissionId });
  }

  add(submission: ReadingsSubmission): void {
    this.em.persist(submission);
  }
}
