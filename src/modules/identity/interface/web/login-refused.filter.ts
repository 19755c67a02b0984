import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '@app/shared-kernel';
import { Messages, requestLocaleOf, statusOfDomainError } from '@app/web';
import { text } from '../../application/secret-links';
import { safeNext } from './client-address';
import { checked } from './form-errors';
import { loginPageModel } from './login-page-model';

/**
 * A login refused on the form (SubscriberLoginGuard): the form again, with the login and choices as
 * typed and the reason: too many attempts (429), not confirmed yet (403, with the offer to resend the
 * e-mail), or a wrong login or password (401).
 */
@Catch(DomainError)
export class LoginRefusedFilter implements ExceptionFilter {
  constructor(private readonly messages: Messages) {}

  catch(error: DomainError, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const body = (req.body ?? {}) as Record<string, unknown>;
    const messages = this.messages.in(requestLocaleOf(res));
    const message = messages.has(`errors.${error.code}`) ? messages.t(`errors.${error.code}`, error.details as Record<string, unknown>) : error.message;
    // The API's statuses: 429 (Retry-After set by SubscriberLoginGuard), 403 or 401.
    res.status(statusOfDomainError(error.code));
    res.render(
      'identity/login',
      loginPageModel(messages, {
        login: text(body.login).trim(),
        next: safeNext(body.next),
        rememberMe: checked(body.rememberMe),
        error: message,
        notConfirmed: error.code === 'IDENTITY.NOT_CONFIRMED',
      }),
    );
  }
}
