import { Module } from '@nestjs/common';
import { LoginPageController } from './interface/web/login.page-controller';

/** Identity, web side: registration, confirmation, login, recovery, e-mail and password. */
@Module({
  controllers: [LoginPageController],
})
export class IdentityModule {}
