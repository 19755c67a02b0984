import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AllExceptionsFilter } from './http/all-exceptions.filter';
import { CsrfGuard } from './http/csrf.guard';
import { SessionService } from './session/session.service';

/** The web adapter's cross-cutting parts: the global error filter, CSRF on every form, sessions. */
@Global()
@Module({
  providers: [
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
    { provide: APP_GUARD, useClass: CsrfGuard },
    SessionService,
  ],
  exports: [SessionService],
})
export class WebModule {}
