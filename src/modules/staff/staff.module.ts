import { MiddlewareConsumer, Module, NestModule, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { BullBoardModule } from '@bull-board/nestjs';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ALL_QUEUES, REDIS } from '@app/messaging';
import { Argon2PasswordHasher, PasswordHasher, PASSWORD_ATTEMPTS, RedisAttemptThrottle } from '@app/security';
import { Clock } from '@app/shared-kernel';
import { Messages } from '@app/web';
import { StaffAccounts } from './application/staff-accounts';
import { STAFF_LOGIN_THROTTLE, StaffLogin } from './application/staff-login';
import { StaffBoardAdapter } from './interface/web/staff-board-adapter';
import { StaffLoginPageController } from './interface/web/staff-login.page-controller';
import { StaffLoginStrategy } from './interface/web/staff-login.strategy';
import { OutboxPageController } from './interface/web/outbox.page-controller';
import { JobStateOf, staffOnly, StaffOnlyMiddleware } from './interface/web/staff-only.middleware';

/** How the dashboard's middleware reads a job's state: from the queues, once the application has them. */
const queueLookup: { queue?: (name: string) => Queue | undefined } = {};
const jobStateOf: JobStateOf = async (queueName, jobId) => {
  const queue = (ALL_QUEUES as readonly string[]).includes(queueName) ? queueLookup.queue?.(queueName) : undefined;
  return queue ? String(await queue.getJobState(jobId)) : undefined;
};

/**
 * Staff accounts, their login (a passport-local strategy, throttled) and the Bull Board dashboard at
 * /admin/queues behind it, read-only for a viewer, retry and clean of failed jobs for an operator; and
 * the parked outbox rows at /admin/outbox, sent again by an operator.
 */
@Module({
  imports: [
    // The board's title is set once at start, in the default language (Bull Board's own UI is English).
    BullBoardModule.forRootAsync({
      inject: [Messages, APP_CONFIG],
      useFactory: (messages: Messages, config: AppConfig) => ({
        route: '/admin/queues',
        adapter: ExpressAdapter,
        middleware: staffOnly(messages, config, jobStateOf),
        boardOptions: { uiConfig: { boardTitle: messages.t('web.staff.boardTitle') } },
      }),
    }),
    BullBoardModule.forFeature(...ALL_QUEUES.map((name) => ({ name, adapter: StaffBoardAdapter }))),
  ],
  controllers: [StaffLoginPageController, OutboxPageController],
  providers: [
    StaffAccounts,
    StaffLogin,
    { provide: PasswordHasher, useClass: Argon2PasswordHasher },
    { provide: STAFF_LOGIN_THROTTLE, inject: [REDIS, Clock], useFactory: (redis: Redis, clock: Clock) => new RedisAttemptThrottle(redis, clock, 'staff-login', PASSWORD_ATTEMPTS) },
    StaffLoginStrategy,
  ],
})
export class StaffModule implements OnModuleInit, NestModule {
  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    queueLookup.queue = (name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(StaffOnlyMiddleware).forRoutes(OutboxPageController);
  }
}

/** Staff accounts without the dashboard, for the command line. */
@Module({
  providers: [StaffAccounts, { provide: PasswordHasher, useClass: Argon2PasswordHasher }],
  exports: [StaffAccounts],
})
export class StaffAccountsModule {}
