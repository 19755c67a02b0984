import { DynamicModule, Global, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { CqrsModule } from '@nestjs/cqrs';
import { Clock, SystemClock } from '@app/shared-kernel';
import { Commands } from './commands';
import { createOrmConfig } from './orm-config';
import { Outbox } from './outbox/outbox';
import { ParkedOutbox } from './outbox/parked-outbox';
import { LazyRequestContextMiddleware } from './unit-of-work/lazy-request-context.middleware';
import { PlainSql } from './unit-of-work/plain-sql';
import { UnitOfWork } from './unit-of-work/unit-of-work';

@Global()
@Module({})
export class PersistenceModule implements NestModule {
  /** `clock`: the processes' time source (the system's; tests give one set to another day). */
  static forRoot(options: { databaseUrl: string; poolMax?: number; clock?: Clock }): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        MikroOrmModule.forRoot({ ...createOrmConfig(options), registerRequestContext: false }),
        CqrsModule.forRoot(),
      ],
      providers: [UnitOfWork, PlainSql, Commands, Outbox, ParkedOutbox, { provide: Clock, useValue: options.clock ?? new SystemClock() }],
      exports: [UnitOfWork, PlainSql, Commands, Outbox, ParkedOutbox, Clock, CqrsModule],
    };
  }

  /** Every HTTP request gets a fork of the ORM of its own, made on first use. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(LazyRequestContextMiddleware).forRoutes({ path: '{*all}', method: RequestMethod.ALL });
  }
}
