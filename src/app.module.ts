import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { WebModule } from '@app/web';
import { StaffModule } from '@modules/staff';
import { CoreModule, ProcessOptions } from './core.module';
import { HealthModule } from './health/health.module';
import { WebMetricsModule } from './metrics/metrics.module';
import { BOUNDED_CONTEXTS } from './bounded-contexts';

/** The web process: HTML pages, REST API, staff dashboard. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: ProcessOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config, 'web', options), WebModule, HealthModule, WebMetricsModule.forRoot(config), StaffModule, ...BOUNDED_CONTEXTS.web(config)],
    };
  }
}
