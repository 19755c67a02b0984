import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { ModuleRef } from '@nestjs/core';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { Gauge, Registry } from 'prom-client';
import { ALL_QUEUES } from '@app/messaging';
import { Clock } from '@app/shared-kernel';
import { METRICS_REGISTRY } from './metrics-registry';

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const;

/**
 * The deployment's shared figures, read at each scrape from Redis and PostgreSQL (the same from every
 * process): jobs per queue and state, and the outbox (pending rows, the age of the oldest, parked rows).
 */
@Injectable()
export class SystemFigures implements OnModuleInit {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly modules: ModuleRef,
    private readonly orm: MikroORM,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    const queues = ALL_QUEUES.map((name) => [name, this.modules.get<Queue>(getQueueToken(name), { strict: false })] as const);
    new Gauge({
      name: 'vk_queue_jobs',
      help: 'Jobs per BullMQ queue and state (failed: kept failed jobs; completed: kept completed jobs)',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        for (const [name, queue] of queues) {
          const counts = await queue.getJobCounts(...JOB_STATES).catch(() => undefined);
          if (!counts) continue;
          for (const state of JOB_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
        }
      },
    });
    const outbox = () => this.outbox();
    let figures: Promise<{ pending: number; lagSeconds: number; parked: number } | undefined> | undefined;
    // One read of the outbox per scrape for its three gauges.
    const read = () => (figures ??= outbox().finally(() => setTimeout(() => (figures = undefined), 0)));
    const gauges = [
      { name: 'vk_outbox_pending', help: 'Outbox events waiting for the relay (not parked)', figure: 'pending' },
      { name: 'vk_outbox_lag_seconds', help: 'Age of the oldest outbox event waiting for the relay (0 when none waits)', figure: 'lagSeconds' },
      { name: 'vk_outbox_parked', help: 'Outbox events parked after their last attempt (staff: /admin/outbox)', figure: 'parked' },
    ] as const;
    for (const { name, help, figure } of gauges) {
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          const value = await read();
          if (value) this.set(value[figure]);
        },
      });
    }
  }

  private async outbox(): Promise<{ pending: number; lagSeconds: number; parked: number } | undefined> {
    try {
      const connection = this.orm.em.getConnection();
      const [pending] = await connection.execute<{ count: string; oldest: Date | null }[]>(
        'select count(*) as count, min(created_at) as oldest from outbox_message where sent_at is null and parked_at is null',
      );
      const [parked] = await connection.execute<{ count: string }[]>('select count(*) as count from outbox_message where parked_at is not null');
      const oldest = pending.oldest ? new Date(pending.oldest).getTime() : undefined;
      return {
        pending: Number(pending.count),
        lagSeconds: oldest === undefined ? 0 : Math.max(0, (this.clock.now().getTime() - oldest) / 1000),
        parked: Number(parked.count),
      };
    } catch {
      return undefined;
    }
  }
}
