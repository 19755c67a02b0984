import { DynamicModule, Global, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { CqrsModule } from '@nestjs/cqrs';
import { Clock, SystemClock } from '@app/shared-kernel';
import { LazyRequestContextMiddleware } from './lazy-request-context.middleware';
import { createOrmConfig } from './orm-config';
import { Outbox } from './outbox/outbox';
import { Commands } from './commands';
import { UnitOfWork } from './unit-of-work';

@Global()
@Module({})
export class PersistenceModule implements NestModule {
  static forRoot(options: { databaseUrl: string; poolMax?: number }): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        MikroOrmModule.forRoot({ ...createOrmConfig(options), registerRequestContext: false }),
        CqrsModule.forRoot(),
      ],
      providers: [UnitOfWork, Commands, Outbox, { provide: Clock, useClass: SystemClock }],
      exports: [UnitOfWork, Commands, Outbox, Clock, CqrsModule],
    };
  }

  /** Every HTTP request gets MikroORM's request context (its fork made on first use). */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(LazyRequestContextMiddleware).forRoutes({ path: '{*all}', method: RequestMethod.ALL });
  }
}
