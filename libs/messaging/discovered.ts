import { WorkerHost } from '@nestjs/bullmq';
import { DiscoveryService } from '@nestjs/core';
import { Queue, Worker } from 'bullmq';

/** Every BullMQ queue the process's modules provide (@nestjs/bullmq's registerQueue). */
export function queuesOf(discovery: DiscoveryService): Queue[] {
  return instancesOf(discovery).filter((instance): instance is Queue => instance instanceof Queue);
}

/** The worker of every processor (WorkerHost) of the process; a host whose worker this process does not create is left out. */
export function workersOf(discovery: DiscoveryService): Worker[] {
  return instancesOf(discovery).flatMap((instance) => {
    if (!(instance instanceof WorkerHost)) return [];
    try {
      return [instance.worker];
    } catch {
      return []; // its getter throws: not initialised in this process
    }
  });
}

function instancesOf(discovery: DiscoveryService): unknown[] {
  return [...discovery.getProviders(), ...discovery.getControllers()].map((wrapper) => wrapper.instance as unknown);
}
