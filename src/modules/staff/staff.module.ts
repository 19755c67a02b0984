import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { BullBoardModule } from '@bull-board/nestjs';
import { ExpressAdapter } from '@bull-board/express';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ALL_QUEUES } from '@app/messaging';
import { Argon2PasswordHasher, PasswordHasher } from '@app/security';
import { Messages } from '@app/web';
import { StaffAccounts } from './application/staff-accounts';
import { StaffLoginPageController } from './interface/web/staff-login.page-controller';
import { StaffLoginStrategy } from './interface/web/staff-login.strategy';
import { OutboxPageController } from './interface/web/outbox.page-controller';
import { staffOnly, StaffOnlyMiddleware } from './interface/web/staff-only.middleware';

/**
 * Staff accounts, their login (a passport-local strategy) and behind it the Bull Board dashboard at
 * /admin/queues and the parked outbox rows at /admin/outbox.
 */
@Module({
  imports: [
    // The board's title is set once at start, in the default language (Bull Board's own UI is English).
    BullBoardModule.forRootAsync({
      inject: [Messages],
      useFactory: (messages: Messages) => ({
        route: '/admin/queues',
        adapter: ExpressAdapter,
        middleware: staffOnly(messages),
        boardOptions: { uiConfig: { boardTitle: messages.t('web.staff.boardTitle') } },
      }),
    }),
    BullBoardModule.forFeature(...ALL_QUEUES.map((name) => ({ name, adapter: BullMQAdapter }))),
  ],
  controllers: [StaffLoginPageController, OutboxPageController],
  providers: [StaffAccounts, { provide: PasswordHasher, useClass: Argon2PasswordHasher }, StaffLoginStrategy],
})
export class StaffModule implements NestModule {
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
