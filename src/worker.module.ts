import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { OutboxRelayModule } from '@app/persistence';
import { CoreModule, ProcessOptions } from './core.module';
import { BOUNDED_CONTEXTS } from './bounded-contexts';

/** The worker process: e-mail, PDF, back-office events, the outbox relay and the scheduled jobs (verification reminders). */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, options: ProcessOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config, 'worker', options), OutboxRelayModule.forRoot({ databaseUrl: config.databaseUrl }), ...BOUNDED_CONTEXTS.worker(config)],
    };
  }
}
