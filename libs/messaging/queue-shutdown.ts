import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Queue } from 'bullmq';

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
export class QueueShutdown implements OnApplicationBootstrap {
  private readonly logger = new Logger('Queues');

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const queue: unknown = wrapper.instance;
      if (queue instanceof Queue) this.tolerateUnreachableRedis(queue as Queue & Partial<OnApplicationShutdown>);
    }
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
