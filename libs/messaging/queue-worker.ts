import { Worker, WorkerOptions } from 'bullmq';

/**
 * The class of every BullMQ worker of the cabinet (QueuesModule makes it @nestjs/bullmq's worker class):
 * BullMQ's Worker, but its own Redis connections keep ioredis's offline queue, whatever the queue's.
 *
 * @nestjs/bullmq gives a processor's worker the connection options of its queue, and the queues are
 * producers that fail fast while Redis is away (no offline queue), so that a request gets its 503 at once
 * and the outbox relay retries. A worker must not: between two jobs it fetches the next one with a plain
 * command, and while its client reconnected that command was refused at once ("Stream isn't writeable");
 * BullMQ takes such a refusal for an error of the job, not of the connection, and asks again at once. It
 * looped on promises alone, so the event loop never turned, the reconnect timer never fired, and the
 * process used a core until killed: the soak test's worker did not end on SIGTERM. With the offline
 * queue the fetch waits for Redis instead (BullMQ's own advice for workers).
 */
export class QueueWorker extends Worker {
  constructor(name: string, processor: ConstructorParameters<typeof Worker>[1], opts: WorkerOptions) {
    super(name, processor, withOfflineQueue(opts));
  }
}

function withOfflineQueue(opts: WorkerOptions): WorkerOptions {
  // The cabinet's connections are options (QueuesModule), never a client of its own.
  return { ...opts, connection: { ...(opts.connection as object), enableOfflineQueue: true } };
}
