import { DynamicModule, Module } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { ALL_QUEUES } from '@app/messaging';
import { OUTBOX_QUEUES, OUTBOX_RELAY_OPTIONS, OutboxRelay, OutboxRelayOptions } from './outbox-relay';

@Module({})
export class OutboxRelayModule {
  static forRoot(options: Partial<OutboxRelayOptions> & { databaseUrl: string }): DynamicModule {
    const resolved: OutboxRelayOptions = {
      batchSize: 200,
      pollIntervalMs: 1000,
      gatherMs: 100,
      maxBackoffMs: 5000,
      keepCompletedSeconds: 7 * 24 * 3600,
      keepFailedSeconds: 30 * 24 * 3600,
      maxAttempts: 10,
      retryDelayMs: 1000,
      maxRetryDelayMs: 10 * 60_000,
      ...options,
    };
    return {
      module: OutboxRelayModule,
      providers: [
        { provide: OUTBOX_RELAY_OPTIONS, useValue: resolved },
        {
          provide: OUTBOX_QUEUES,
          inject: ALL_QUEUES.map((name) => getQueueToken(name)),
          useFactory: (...queues: Queue[]) => new Map(ALL_QUEUES.map((name, i) => [name, queues[i]])),
        },
        OutboxRelay,
      ],
      exports: [OutboxRelay],
    };
  }
}
