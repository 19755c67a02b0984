/**
 * Example consumer of the queue backoffice-outbound, as the back office would run it (docs/integration.md):
 *   node scripts/start.js cli backoffice-outbound-consumer
 * Prints each event the cabinet sends (readings.submitted, subscriber.registered, subscriber.email-changed,
 * subscription.changed). The job id is the event id: a consumer that stores it can ignore a redelivery.
 */
import { Job, Worker } from 'bullmq';
import { loadConfigOrExit } from '@app/config';
import { bullPrefix, QUEUES, ReadingsSubmitted, redisOptionsFromUrl } from '@app/messaging';

export function startOutboundConsumer(options: { redisUrl: string; redisPrefix: string }, handle: (job: Job) => Promise<void>): Worker {
  return new Worker(QUEUES.BACKOFFICE_OUTBOUND, handle, {
    connection: redisOptionsFromUrl(options.redisUrl),
    prefix: bullPrefix(options.redisPrefix),
    concurrency: 4,
  });
}

if (require.main === module || process.argv[1]?.endsWith('backoffice-outbound-consumer.js')) {
  const config = loadConfigOrExit();
  const worker = startOutboundConsumer(config, async (job) => {
    if (job.name === 'readings.submitted') {
      const event = job.data as ReadingsSubmitted;
      process.stdout.write(`${job.id} readings.submitted: contract ${event.contractNumber}, ${event.readings.length} reading(s) from ${event.source}\n`);
    } else {
      process.stdout.write(`${job.id} ${job.name}: ${JSON.stringify(job.data)}\n`);
    }
  });
  process.stdout.write(`Consuming ${QUEUES.BACKOFFICE_OUTBOUND} (Redis prefix ${config.redisPrefix}); Ctrl+C to stop\n`);
  process.on('SIGINT', () => void worker.close().then(() => process.exit(0)));
  process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));
}
