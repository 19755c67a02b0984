import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { ReadingsSubmission } from '../../domain/readings-submission.aggregate';
import { ReadingsSubmissionRepository } from '../../domain/readings-submission.repository';

@Injectable()
export class MikroOrmReadingsSubmissionRepository extends ReadingsSubmissionRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  findByKey(contractNumber: string, idempotencyKey: string): Promise<ReadingsSubmission | null> {
    return this.em.findOne(ReadingsSubmission, { contractNumber, idempotencyKey });
  }

  findById(submissionId: string): Promise<ReadingsSubmission | null> {
    return this.em.findOne(ReadingsSubmission, { id: submissionId });
  }

  add(submission: ReadingsSubmission): void {
    this.em.persist(submission);
  }
}
