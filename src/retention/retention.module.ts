import { Module } from '@nestjs/common';
import { Retention } from './retention';
import { RetentionProcessor } from './retention.processor';

/** The worker's retention run (docs/operations.md, «Retention»). */
@Module({ providers: [Retention, RetentionProcessor], exports: [Retention] })
export class RetentionModule {}
