import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import { Queue } from 'bullmq';

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
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      const instance: unknown = wrapper.instance;
      if (instance instanceof Queue) this.watch(`queue ${instance.name}`, instance);
      else if (instance instanceof WorkerHost) {
        try {
          this.watch(`worker ${instance.worker.name}`, instance.worker);
        } catch {
          // a WorkerHost whose worker is not created in this process
        }
      }
    }
  }

  private watch(name: string, emitter: Queue | WorkerHost['worker']): void {
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
