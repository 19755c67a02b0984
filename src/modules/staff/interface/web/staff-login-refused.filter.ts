import { ArgumentsHost, Catch, ExceptionFilter, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '@app/shared-kernel';
import { Messages, requestLocaleOf } from '@app/web';
import { staffLoginPageModel } from './staff-login-page-model';

/**
 * A staff login refused (StaffLoginGuard): the form again, 401 with one message for a wrong login or
 * password, or 429 with Retry-After and when to try again after too many attempts.
 */
@Catch(UnauthorizedException, DomainError)
export class StaffLoginRefusedFilter implements ExceptionFilter {
  constructor(private readonly messages: Messages) {}

  catch(error: UnauthorizedException | DomainError, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const body = (req.body ?? {}) as Record<string, unknown>;
    const login = typeof body.login === 'string' ? body.login : '';
    const res = host.switchToHttp().getResponse<Response>();
    const messages = this.messages.in(requestLocaleOf(res));
    if (error instanceof DomainError && error.code === 'STAFF.TOO_MANY_ATTEMPTS') {
      res.setHeader('Retry-After', String(error.details.retryAfterSeconds));
      res.status(429).render('staff/login', staffLoginPageModel(messages, { login, error: messages.t(`errors.${error.code}`, error.details as Record<string, unknown>), next: body.next }));
      return;
    }
    res.status(401).render('staff/login', staffLoginPageModel(messages, { login, error: messages.t('web.staff.wrong'), next: body.next }));
  }
}
