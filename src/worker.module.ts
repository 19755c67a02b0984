import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { OutboxRelayModule } from '@app/persistence';
import { CoreModule, ProcessOptions } from './core.module';
import { BOUNDED_CONTEXTS } from './bounded-contexts';
import { WorkerMetricsModule } from './metrics/metrics.module';
import { RetentionModule } from './retention/retention.module';

/** The worker process: e-mail, PDF, back-office events, the outbox relay, retention and the scheduled jobs (verification reminders). */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, options: ProcessOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config, 'worker', options),
        OutboxRelayModule.forRoot({
          databaseUrl: config.databaseUrl,
          maxAttempts: config.outbox.maxAttempts,
          retryDelayMs: config.outbox.retryDelayMs,
          keepCompletedSeconds: config.retention.jobsCompletedDays * 24 * 3600,
          keepFailedSeconds: config.retention.jobsFailedDays * 24 * 3600,
        }),
        ...BOUNDED_CONTEXTS.worker(config),
        RetentionModule,
        WorkerMetricsModule.forRoot(config),
      ],
    };
  }
}
