import { ArgumentsHost, Catch, ExceptionFilter, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Messages, requestLocaleOf } from '@app/web';
import { staffLoginPageModel } from './staff-login-page-model';

/** A staff login refused (StaffLoginGuard): the form again, 401, one message for a wrong login or password. */
@Catch(UnauthorizedException)
export class StaffLoginRefusedFilter implements ExceptionFilter {
  constructor(private readonly messages: Messages) {}

  catch(_error: UnauthorizedException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const body = (req.body ?? {}) as Record<string, unknown>;
    const login = typeof body.login === 'string' ? body.login : '';
    const res = host.switchToHttp().getResponse<Response>();
    const messages = this.messages.in(requestLocaleOf(res));
    res.status(401).render('staff/login', staffLoginPageModel(messages, { login, error: messages.t('web.staff.wrong'), next: body.next }));
  }
}
