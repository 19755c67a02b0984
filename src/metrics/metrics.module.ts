import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Registry } from 'prom-client';
import { AppConfig } from '@app/config';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsAccess } from './metrics-access';
import { MetricsController } from './metrics.controller';
import { METRICS_REGISTRY } from './metrics-registry';
import { SystemFigures } from './system-figures';
import { WorkerFigures } from './worker-figures';

const shared = (config: AppConfig) => [
  { provide: METRICS_REGISTRY, useFactory: () => new Registry() },
  { provide: MetricsAccess, useValue: new MetricsAccess(config.metrics.allow) },
  SystemFigures,
];

/** The web process's metrics: GET /metrics, its requests by route, and the shared figures. */
@Module({})
export class WebMetricsModule implements NestModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: WebMetricsModule, controllers: [MetricsController], providers: shared(config) };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('{*all}');
  }
}

/** The worker's metrics, on its own port (WORKER_METRICS_PORT). */
@Module({})
export class WorkerMetricsModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: WorkerMetricsModule, imports: [DiscoveryModule], providers: [...shared(config), WorkerFigures], exports: [WorkerFigures] };
  }
}
