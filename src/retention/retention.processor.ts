import { Inject, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@app/config';
import { keepJobScheduler, QUEUES } from '@app/messaging';
import { Retention, RetentionReport } from './retention';

export const RETENTION_SCHEDULER = 'retention';

/**
 * Runs Retention every RETENTION_EVERY_MINUTES. The schedule is a BullMQ job scheduler: upserted by
 * every worker at start (the same id, so one schedule however many workers), each run is one job that one
 * worker takes; Retention's advisory lock keeps a run that outlasts the period from overlapping the next.
 */
@Processor(QUEUES.MAINTENANCE, { concurrency: 1 })
export class RetentionProcessor extends WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly retention: Retention,
    @InjectQueue(QUEUES.MAINTENANCE) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  private stopped = false;

  onApplicationBootstrap(): void {
    // Retried while Redis is away at start; the worker starts all the same.
    void keepJobScheduler(this.queue, RETENTION_SCHEDULER, { every: this.config.retention.everyMinutes * 60_000 }, { name: 'retention.run' }, () => this.stopped);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
  }

  async process(job: Job): Promise<RetentionReport> {
    if (job.name !== 'retention.run') throw new Error(`unknown maintenance job "${job.name}"`);
    return this.retention.run();
  }
}
