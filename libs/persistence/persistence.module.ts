import { DynamicModule, Global, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { CqrsModule } from '@nestjs/cqrs';
import { Clock, SystemClock } from '@app/shared-kernel';
import { createOrmConfig } from './orm-config';
import { Outbox } from './outbox/outbox';
import { Commands } from './transactional-command-bus';
import { UnitOfWork } from './unit-of-work';

@Global()
@Module({})
export class PersistenceModule {
  static forRoot(options: { databaseUrl: string; poolMax?: number }): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        MikroOrmModule.forRoot({ ...createOrmConfig(options), registerRequestContext: true }),
        CqrsModule.forRoot(),
      ],
      providers: [UnitOfWork, Commands, Outbox, { provide: Clock, useClass: SystemClock }],
      exports: [UnitOfWork, Commands, Outbox, Clock, CqrsModule],
    };
  }
}
