import { DynamicModule, Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { DiscoveryModule } from '@nestjs/core';
import { QueueErrorLogger } from './queue-error-logger';
import { ALL_QUEUES, QUEUE_JOB_DEFAULTS } from './queues';
import { bullPrefix, redisOptionsFromUrl } from './redis-connection';

/**
 * Every queue of the cabinet, registered once for both processes. Producers fail fast while Redis is
 * unreachable (no offline queue), so that the outbox relay sees the failure and retries on its own.
 */
@Global()
@Module({})
export class QueuesModule {
  static forRoot(options: { redisUrl: string; redisPrefix: string }): DynamicModule {
    const connection = redisOptionsFromUrl(options.redisUrl);
    const root = BullModule.forRoot({ connection, prefix: bullPrefix(options.redisPrefix) });
    const queues = BullModule.registerQueue(
      ...ALL_QUEUES.map((name) => ({ name, connection: { ...connection, enableOfflineQueue: false }, defaultJobOptions: QUEUE_JOB_DEFAULTS[name] })),
    );
    return { module: QueuesModule, imports: [root, queues, DiscoveryModule], providers: [QueueErrorLogger], exports: [root, queues] };
  }
}
