import { setTimeout as sleep } from 'node:timers/promises';
import type { JobSchedulerTemplateOptions, Queue, RepeatOptions } from 'bullmq';

/**
 * Keeps a BullMQ job scheduler, upserted by every worker at start (one id: one schedule however many
 * workers). Never holds the start up: while Redis is away it tries again, backing off to 30 s, until it
 * succeeds or `stopped()` says the worker is closing. Resolves once done either way.
 */
export async function keepJobScheduler(
  queue: Queue,
  schedulerId: string,
  repeat: Omit<RepeatOptions, 'key'>,
  template: { name: string; data?: unknown; opts?: JobSchedulerTemplateOptions },
  stopped: () => boolean,
  onRetry: (error: Error) => void = () => undefined,
): Promise<void> {
  for (let attempt = 0; !stopped(); attempt += 1) {
    try {
      await queue.waitUntilReady();
      await queue.upsertJobScheduler(schedulerId, repeat, template);
      return;
    } catch (error) {
      if (attempt === 0) onRetry(error as Error);
      await sleep(Math.min(30_000, 500 * 2 ** attempt));
    }
  }
}
