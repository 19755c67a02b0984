import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, DomainErrors } from '@app/shared-kernel';
import { Messages, Translator } from '../i18n/messages';
import { chooseRequestLocale, requestLocaleOf } from '../i18n/request-locale';
import { CsrfError } from './csrf.guard';
import { statusOfDomainError } from './domain-error-status';
import { webLocals } from './web-locals.middleware';

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

/** The catalogue's title of an HTTP status that no code explains (Nest's and body-parser's own errors). */
const STATUS_TITLES: Record<number, string> = {
  400: 'web.errors.badRequestTitle',
  401: 'web.errors.unauthorizedTitle',
  403: 'web.errors.forbiddenTitle',
  404: 'web.errors.notFoundTitle',
  413: 'web.errors.payloadTooLargeTitle',
  415: 'web.errors.unsupportedMediaTypeTitle',
  429: 'web.errors.tooManyTitle',
};

/** An error of a request's form rather than of the domain: a stable code, its details and its field. */
export interface RequestErrorBody {
  code: string;
  details?: Record<string, unknown>;
  errors?: Array<{ code: string; field?: string; details?: Record<string, unknown> }>;
}

/**
 * The one global filter: domain errors and HTTP exceptions become problem+json under /api, and error
 * pages elsewhere, both in the request's language (the API's: Accept-Language). A problem's title and
 * details come from the catalogue by the error's stable code (`errors.<code>`), which the problem keeps;
 * an HTTP exception that carries a code (`{ code, details?, errors? }`, e.g. the validation pipe's
 * REQUEST.INVALID) is written the same way, and one without a code is titled by its status. Nothing
 * internal (stack, SQL, exception text of a 500, a framework's English message) reaches the client.
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

    const messages = this.messages.in(requestLocaleOf(res, req));
    if (req.path.startsWith('/api/')) {
      res.status(status).type('application/problem+json').send(JSON.stringify(this.problem(exception, status, req, messages)));
      return;
    }
    this.renderPage(exception, status, req, res, messages);
  }

  private statusOf(exception: unknown): number {
    if (exception instanceof DomainError) return statusOfDomainError(exception.code);
    if (exception instanceof HttpException) return exception.getStatus();
    const status = (exception as { status?: unknown; statusCode?: unknown })?.status ?? (exception as { statusCode?: unknown })?.statusCode;
    // body-parser and similar raise plain errors with a 4xx status (malformed JSON, too large).
    if (typeof status === 'number' && status >= 400 && status < 500) return status;
    return HttpStatus.INTERNAL_SERVER_ERROR;
  }

  private textOf(code: string, details: Record<string, unknown> | undefined, messages: Translator, fallback: string): string {
    const key = `errors.${code}`;
    return messages.has(key) ? messages.t(key, details ?? {}) : fallback;
  }

  private titleOf(status: number, messages: Translator): string {
    return messages.t(STATUS_TITLES[status] ?? (status < 500 ? 'web.errors.badRequestTitle' : 'web.errors.serverTitle'));
  }

  problem(exception: unknown, status: number, req: Request, messages: Translator): Problem {
    if (exception instanceof DomainError) {
      const problem: Problem = {
        type: `urn:vodokanal:problem:${exception.code}`,
        title: this.textOf(exception.code, exception.details, messages, exception.message),
        status,
        code: exception.code,
        instance: req.originalUrl,
      };
      if (exception instanceof DomainErrors) {
        problem.errors = exception.errors.map((error) => ({
          code: error.code,
          detail: this.textOf(error.code, error.details, messages, error.message),
          field: typeof error.details.field === 'string' ? error.details.field : undefined,
          details: { ...error.details },
        }));
      }
      return problem;
    }
    const code = this.requestCodeOf(exception);
    if (code) {
      const body = (exception instanceof HttpException ? exception.getResponse() : {}) as Partial<RequestErrorBody>;
      const problem: Problem = { type: `urn:vodokanal:problem:${code}`, title: this.textOf(code, body.details, messages, this.titleOf(status, messages)), status, code, instance: req.originalUrl };
      if (Array.isArray(body.errors)) {
        problem.errors = body.errors.map((error) => ({
          code: error.code,
          detail: this.textOf(error.code, error.details, messages, error.code),
          field: error.field,
          details: { ...error.details },
        }));
      }
      return problem;
    }
    if (status < 500) return { type: 'about:blank', title: this.titleOf(status, messages), status, instance: req.originalUrl };
    return { type: 'about:blank', title: messages.t('web.errors.serverTitle'), status, instance: req.originalUrl, detail: messages.t('web.errors.requestId', { id: String(req.id ?? '') }) };
  }

  /** The stable code of a request's error: an HTTP exception's `code`. */
  private requestCodeOf(exception: unknown): string | undefined {
    if (!(exception instanceof HttpException)) return undefined;
    const body = exception.getResponse();
    const code = typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
    return typeof code === 'string' ? code : undefined;
  }

  private renderPage(exception: unknown, status: number, req: Request, res: Response, messages: Translator): void {
    const { t } = messages;
    let heading = t('web.errors.serverTitle');
    let text = t('web.errors.serverText');
    if (status === 404) [heading, text] = [t('web.errors.notFoundTitle'), t('web.errors.notFoundText')];
    else if (exception instanceof CsrfError) [heading, text] = [t('web.errors.forbiddenTitle'), t('web.errors.csrf')];
    else if (status === 403) [heading, text] = [t('web.errors.forbiddenTitle'), t('web.errors.forbiddenText')];
    else if (status === 429) [heading, text] = [t('web.errors.tooManyTitle'), exception instanceof DomainError ? this.textOf(exception.code, exception.details, messages, t('web.errors.tooManyTitle')) : t('web.errors.tooManyTitle')];
    else if (status === 401) [heading, text] = [t('web.errors.unauthorizedTitle'), t('web.errors.forbiddenText')];
    else if (exception instanceof DomainError) [heading, text] = [t('web.errors.badRequestTitle'), this.textOf(exception.code, exception.details, messages, exception.message)];
    else if (status >= 400 && status < 500) [heading, text] = [t('web.errors.badRequestTitle'), t('web.errors.forbiddenText')];

    // Refused before the page middleware ran (a body too large or not parseable on a page route): give
    // the layout its language and links now, or the error page itself fails to render.
    if (res.locals.languages === undefined) chooseRequestLocale(req, res, () => webLocals(req, res, () => undefined));
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
