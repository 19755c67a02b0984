import { Inject, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@app/config';
import { QUEUES } from '@app/messaging';
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
    void this.schedule();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
  }

  /** Upserts the schedule, retrying while Redis is away at start (the worker starts all the same). */
  private async schedule(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt += 1) {
      try {
        await this.queue.waitUntilReady();
        await this.queue.upsertJobScheduler(RETENTION_SCHEDULER, { every: this.config.retention.everyMinutes * 60_000 }, { name: 'retention.run' });
        return;
      } catch {
        await sleep(Math.min(30_000, 500 * 2 ** attempt));
      }
    }
  }

  async process(job: Job): Promise<RetentionReport> {
    if (job.name !== 'retention.run') throw new Error(`unknown maintenance job "${job.name}"`);
    return this.retention.run();
  }
}
