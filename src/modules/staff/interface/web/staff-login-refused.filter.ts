import { ArgumentsHost, Catch, ExceptionFilter, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Messages } from '@app/web';
import { staffLoginPageModel } from './staff-login-page-model';

/** A staff login refused (StaffLoginGuard): the form again, 401, one message for a wrong login or password. */
@Catch(UnauthorizedException)
export class StaffLoginRefusedFilter implements ExceptionFilter {
  constructor(private readonly messages: Messages) {}

  catch(_error: UnauthorizedException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const body = (req.body ?? {}) as Record<string, unknown>;
    const login = typeof body.login === 'string' ? body.login : '';
    host.switchToHttp().getResponse<Response>().status(401).render('staff/login', staffLoginPageModel(this.messages, { login, error: this.messages.t('web.staff.wrong'), next: body.next }));
  }
}
