import { Module } from '@nestjs/common';
import { BullBoardModule } from '@bull-board/nestjs';
import { ExpressAdapter } from '@bull-board/express';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ALL_QUEUES } from '@app/messaging';
import { Argon2PasswordHasher, PasswordHasher } from '@app/security';
import { StaffAccounts } from './application/staff-accounts';
import { StaffLoginPageController } from './interface/web/staff-login.page-controller';
import { staffOnly } from './interface/web/staff-only.middleware';

/** Staff accounts and the Bull Board dashboard at /admin/queues, behind the staff login. */
@Module({
  imports: [
    BullBoardModule.forRoot({
      route: '/admin/queues',
      adapter: ExpressAdapter,
      middleware: staffOnly,
      boardOptions: { uiConfig: { boardTitle: 'Водоканал: очереди' } },
    }),
    BullBoardModule.forFeature(...ALL_QUEUES.map((name) => ({ name, adapter: BullMQAdapter }))),
  ],
  controllers: [StaffLoginPageController],
  providers: [StaffAccounts, { provide: PasswordHasher, useClass: Argon2PasswordHasher }],
})
export class StaffModule {}

/** Staff accounts without the dashboard, for the command line. */
@Module({
  providers: [StaffAccounts, { provide: PasswordHasher, useClass: Argon2PasswordHasher }],
  exports: [StaffAccounts],
})
export class StaffAccountsModule {}
