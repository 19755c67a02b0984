import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Queue, Worker } from 'bullmq';
import { queuesOf, workersOf } from './discovered';

/**
 * BullMQ prints connection errors with console.error when nobody listens. This listens on every
 * queue and worker of the process and logs them once per outage through the structured logger.
 */
@Injectable()
export class QueueErrorLogger implements OnApplicationBootstrap {
  private readonly logger = new Logger('Queues');
  private readonly failing = new Set<string>();

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    for (const queue of queuesOf(this.discovery)) this.watch(`queue ${queue.name}`, queue);
    for (const worker of workersOf(this.discovery)) this.watch(`worker ${worker.name}`, worker);
  }

  private watch(name: string, emitter: Queue | Worker): void {
    (emitter as unknown as NodeJS.EventEmitter).on('error', (error: Error) => {
      if (this.failing.has(name)) return;
      this.failing.add(name);
      this.logger.warn(`${name}: ${error.message} (further errors are not logged until it works again)`);
    });
    const recovered = () => {
      if (this.failing.delete(name)) this.logger.log(`${name}: connected again`);
    };
    (emitter as unknown as NodeJS.EventEmitter).on('ready', recovered);
    (emitter as unknown as NodeJS.EventEmitter).on('resumed', recovered);
  }
}
