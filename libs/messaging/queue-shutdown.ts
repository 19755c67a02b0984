import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Queue, Worker } from 'bullmq';
import type Redis from 'ioredis';
import { queuesOf, workersOf } from './discovered';
import { redisRetryDelay } from './redis-connection';

/**
 * A queue's close must not stop the process's shutdown while Redis is unreachable (a deploy while
 * Redis restarts).
 *
 * @nestjs/bullmq closes each queue in its `onApplicationShutdown`, and BullMQ's close ends the queue's
 * connection with QUIT. While Redis is away, that command fails at once ("Stream isn't writeable and
 * enableOfflineQueue options is false": producers have no offline queue), and Nest stops its shutdown
 * at the first hook that throws: exit code 1, the database pools and the outbox relay never closed.
 *
 * Each queue's hook is wrapped: when the close fails, the queue's connection is dropped instead, with
 * a warning. Nothing is lost: a queue holds nothing in hand, its jobs are in Redis.
 */
@Injectable()
export class QueueShutdown implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Queues');

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    for (const queue of queuesOf(this.discovery)) this.tolerateUnreachableRedis(queue as Queue & Partial<OnApplicationShutdown>);
  }

  /**
   * Before the workers close (in their onApplicationShutdown): a worker's connection that is between
   * two attempts to reconnect gets the time of one more attempt. BullMQ's close waits for its blocking
   * connection's "end" event, which ioredis never emits for a client waiting to reconnect
   * (redis/ioredis#1830): a stop just after Redis came back waited for ever (a test closing its worker
   * right after restoring Redis did, now and then). Redis back, the attempt succeeds and the close is
   * immediate; Redis still away, the stop ends by SHUTDOWN_TIMEOUT_SECONDS as before.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const settled = Promise.all(workersOf(this.discovery).map(async (worker) => Promise.all((await clientsOf(worker)).map(reconnected))));
    // Bounded as a whole: besides a client that does not come back, a worker's client promise waits for
    // a first connection that a worker started during an outage never had.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([settled, new Promise<void>((resolve) => (timer = setTimeout(resolve, RECONNECT_WAIT_MS)))]);
    clearTimeout(timer);
  }

  private tolerateUnreachableRedis(queue: Queue & Partial<OnApplicationShutdown>): void {
    const close = queue.onApplicationShutdown;
    if (!close) return;
    queue.onApplicationShutdown = async (signal?: string) => {
      try {
        await close.call(queue, signal);
      } catch (error) {
        this.logger.warn(`queue ${queue.name} could not close its connection (${(error as Error).message}); dropping it`);
        // Not queue.disconnect(): that waits for the client's "end" event, which an ioredis client
        // between two attempts to reconnect never emits (redis/ioredis#1830). This stops its
        // reconnecting and closes its socket at once.
        (await queue.getBackend().client)?.disconnect();
      }
    };
  }
}

/** The longest pause between two attempts to reconnect (redisRetryDelay's ceiling), and a margin for the attempt. */
const RECONNECT_WAIT_MS = redisRetryDelay(Number.MAX_SAFE_INTEGER) + 500;

/** What is read of a worker's client: BullMQ types it as its own IRedisClient; on Redis it is ioredis. */
type ConnectionState = Pick<Redis, 'status' | 'once' | 'off'>;

/** A worker's ioredis clients: its commands' and its blocking one. */
async function clientsOf(worker: Worker): Promise<ConnectionState[]> {
  const backend = worker.getBackend();
  const clients: unknown[] = await Promise.all([backend.client, backend.blockingClient]);
  return clients.filter((client): client is ConnectionState => typeof (client as Partial<ConnectionState> | undefined)?.status === 'string');
}

/** Resolves once a client on its way to a connection is ready; at once for any other (the caller bounds the wait). */
function reconnected(client: ConnectionState): Promise<void> {
  if (!['reconnecting', 'connecting', 'connect'].includes(client.status)) return Promise.resolve();
  return new Promise((resolve) => client.once('ready', () => resolve()));
}
