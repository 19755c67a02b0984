import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, DomainErrors } from '@app/shared-kernel';
import { Messages } from '../i18n/messages';
import { CsrfError } from './csrf.guard';
import { statusOfDomainError } from './domain-error-status';

/** Problem details (RFC 9457) as the REST API returns them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  instance?: string;
  errors?: Array<{ code: string; detail: string; field?: string; details?: Record<string, unknown> }>;
}

/**
 * The one global filter: domain errors and HTTP exceptions become problem+json under /api, and Russian
 * error pages elsewhere. Nothing internal (stack, SQL, exception text of a 500) reaches the client.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly messages: Messages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const status = this.statusOf(exception);
    if (status >= 500) this.logger.error({ err: exception, reqId: req.id }, 'Unhandled error');
    if (res.headersSent) return;

    if (req.path.startsWith('/api/')) {
      res.status(status).type('application/problem+json').send(JSON.stringify(this.problem(exception, status, req)));
      return;
    }
    this.renderPage(exception, status, req, res);
  }

  private statusOf(exception: unknown): number {
    if (exception instanceof DomainError) return statusOfDomainError(exception.code);
    if (exception instanceof HttpException) return exception.getStatus();
    const status = (exception as { status?: unknown; statusCode?: unknown })?.status ?? (exception as { statusCode?: unknown })?.statusCode;
    // body-parser and similar raise plain errors with a 4xx status (malformed JSON, too large).
    if (typeof status === 'number' && status >= 400 && status < 500) return status;
    return HttpStatus.INTERNAL_SERVER_ERROR;
  }

  private messageOf(error: DomainError): string {
    const key = `errors.${error.code}`;
    return this.messages.has(key) ? this.messages.t(key, error.details as Record<string, unknown>) : error.message;
  }

  problem(exception: unknown, status: number, req: Request): Problem {
    if (exception instanceof DomainError) {
      const problem: Problem = {
        type: `urn:vodokanal:problem:${exception.code}`,
        title: this.messageOf(exception),
        status,
        code: exception.code,
        instance: req.originalUrl,
      };
      if (exception instanceof DomainErrors) {
        problem.errors = exception.errors.map((error) => ({
          code: error.code,
          detail: this.messageOf(error),
          field: typeof error.details.field === 'string' ? error.details.field : undefined,
          details: { ...error.details },
        }));
      }
      return problem;
    }
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const body = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
      const message = body.message;
      return {
        type: 'about:blank',
        title: typeof body.error === 'string' ? body.error : exception.message,
        status,
        detail: Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : undefined,
        instance: req.originalUrl,
        ...(Array.isArray(body.errors) ? { errors: body.errors as Problem['errors'] } : {}),
      };
    }
    if (status < 500) return { type: 'about:blank', title: 'Bad Request', status, instance: req.originalUrl };
    return { type: 'about:blank', title: 'Internal Server Error', status, instance: req.originalUrl, detail: `request ${String(req.id ?? '')}` };
  }

  private renderPage(exception: unknown, status: number, req: Request, res: Response): void {
    const t = (key: string) => this.messages.t(key);
    let heading = t('web.errors.serverTitle');
    let text = t('web.errors.serverText');
    if (status === 404) [heading, text] = [t('web.errors.notFoundTitle'), t('web.errors.notFoundText')];
    else if (exception instanceof CsrfError) [heading, text] = [t('web.errors.forbiddenTitle'), t('web.errors.csrf')];
    else if (status === 403) [heading, text] = [t('web.errors.forbiddenTitle'), t('web.errors.forbiddenText')];
    else if (status === 429) [heading, text] = [t('web.errors.tooManyTitle'), exception instanceof DomainError ? this.messageOf(exception) : t('web.errors.tooManyTitle')];
    else if (status === 401) [heading, text] = [t('web.errors.unauthorizedTitle'), t('web.errors.forbiddenText')];
    else if (exception instanceof DomainError) [heading, text] = [t('web.errors.badRequestTitle'), this.messageOf(exception)];
    else if (status >= 400 && status < 500) [heading, text] = [t('web.errors.badRequestTitle'), t('web.errors.forbiddenText')];

    res.status(status);
    res.render('web/errors/error', { title: heading, heading, text, requestId: status >= 500 ? String(req.id ?? '') : '' }, (error, html) => {
      if (error) {
        this.logger.error({ err: error }, 'Error page failed to render');
        res.type('text/plain; charset=utf-8').send(`${heading}\n${text}`);
        return;
      }
      res.type('text/html; charset=utf-8').send(html);
    });
  }
}
