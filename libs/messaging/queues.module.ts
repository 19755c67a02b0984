import { DynamicModule, Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { DiscoveryModule } from '@nestjs/core';
import { QueueErrorLogger } from './queue-error-logger';
import { QueueShutdown } from './queue-shutdown';
import { QueueWorker } from './queue-worker';
import { ALL_QUEUES, QUEUE_JOB_DEFAULTS } from './queues';
import { bullPrefix, redisOptionsFromUrl } from './redis-connection';

/**
 * Every queue of the cabinet, registered once for both processes. Producers fail fast while Redis is
 * unreachable (no offline queue), so that the outbox relay sees the failure and retries on its own.
 * Every job the cabinet adds is removed by BullMQ once it has been completed or failed for longer than
 * the configured ages (JOBS_KEEP_COMPLETED_DAYS, JOBS_KEEP_FAILED_DAYS); the worker's retention run
 * cleans what others added (the back office's inbound jobs) by the same ages. A queue's close tolerates
 * an unreachable Redis (QueueShutdown), so that a stop during an outage still closes everything else.
 * The processors' workers wait for Redis instead of failing fast (QueueWorker).
 */
@Global()
@Module({})
export class QueuesModule {
  static forRoot(options: { redisUrl: string; redisPrefix: string; retention?: { jobsCompletedDays: number; jobsFailedDays: number } }): DynamicModule {
    const connection = redisOptionsFromUrl(options.redisUrl);
    BullModule.workerClass = QueueWorker;
    const keep = jobAges(options.retention ?? { jobsCompletedDays: 7, jobsFailedDays: 30 });
    const root = BullModule.forRoot({ connection, prefix: bullPrefix(options.redisPrefix) });
    const queues = BullModule.registerQueue(
      ...ALL_QUEUES.map((name) => ({ name, connection: { ...connection, enableOfflineQueue: false }, defaultJobOptions: { ...QUEUE_JOB_DEFAULTS[name], ...keep } })),
    );
    return { module: QueuesModule, imports: [root, queues, DiscoveryModule], providers: [QueueErrorLogger, QueueShutdown], exports: [root, queues] };
  }
}

/** BullMQ's removeOnComplete / removeOnFail (ages in seconds) for the configured days. */
export function jobAges(retention: { jobsCompletedDays: number; jobsFailedDays: number }) {
  return { removeOnComplete: { age: retention.jobsCompletedDays * 24 * 3600 }, removeOnFail: { age: retention.jobsFailedDays * 24 * 3600 } };
}
