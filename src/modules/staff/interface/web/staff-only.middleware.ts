import { randomBytes } from 'node:crypto';
import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '@app/config';
import { csrfTokenMatches, Messages, requestLocaleOf, sameOrigin } from '@app/web';
import { BoardAction, StaffRole, staffMay } from '../../domain/staff-account';
import { runAsStaffRole } from './staff-board-adapter';

const BOARD_ROUTE = '/admin/queues';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The cookie Bull Board's UI (axios) reads on its own site and sends back as the `X-XSRF-TOKEN` header
 * of each of its requests: the session's CSRF token, as the forms carry it in `_csrf`.
 */
export const BOARD_XSRF_COOKIE = 'XSRF-TOKEN';

/** The state of a job in a queue as BullMQ holds it now ("failed", "completed"…), or undefined when unknown. */
export type JobStateOf = (queueName: string, jobId: string) => Promise<string | undefined>;

/** What a request to Bull Board would do, from its method and its path under /admin/queues. */
export function boardActionOf(method: string, path: string): { action: BoardAction; queueName?: string; jobId?: string } {
  if (SAFE_METHODS.has(method)) return { action: 'read' };
  const segments = path.split('/').filter(Boolean).map((each) => decodeURIComponent(each));
  const [api, queues, queueName, fourth, fifth, ...rest] = segments;
  if (method !== 'PUT' || api !== 'api' || queues !== 'queues' || !queueName || !fourth || !fifth || rest.length > 0) return { action: 'other-change' };
  if (fourth === 'retry' || fourth === 'clean') {
    if (fifth !== 'failed') return { action: 'other-change' };
    return { action: fourth === 'retry' ? 'retry-failed-jobs' : 'clean-failed-jobs', queueName };
  }
  if (fifth === 'retry') return { action: 'retry-job', queueName, jobId: fourth };
  if (fifth === 'clean') return { action: 'clean-job', queueName, jobId: fourth };
  return { action: 'other-change' };
}

/**
 * Bull Board is for staff. Without a staff session it redirects pages to the staff login and answers 401
 * to its API. With one, a request that changes anything passes the same CSRF check as the forms (an
 * Origin, when sent, of this site; the session's token, here in the `X-XSRF-TOKEN` header that Bull
 * Board's UI sends from the cookie of that name) and must be allowed to the staff member's role
 * (staffMay: a viewer only looks; an operator may retry and clean failed jobs). The board then runs as
 * that role (StaffBoardAdapter: read-only for a viewer).
 */
export function staffOnly(messages: Messages, config: AppConfig, jobStateOf: JobStateOf) {
  const problem = (res: Response, status: number, titleKey: string) => {
    const title = messages.t(titleKey, {}, requestLocaleOf(res));
    res.status(status).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', title, status }));
  };

  return (req: Request, res: Response, next: NextFunction): void => {
    if (!req.session?.staffId) {
      const wantsPage = req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
      if (wantsPage) {
        res.redirect(303, `/admin/login?next=${encodeURIComponent(req.originalUrl)}`);
        return;
      }
      problem(res, 401, 'web.errors.unauthorizedTitle');
      return;
    }
    const role: StaffRole = req.session.staffRole === 'operator' ? 'operator' : 'viewer';
    const path = (req.originalUrl.split('?')[0] ?? '').slice(BOARD_ROUTE.length);
    const { action, queueName, jobId } = boardActionOf(req.method, path);

    if (action === 'read') {
      if (!req.session.csrfToken) req.session.csrfToken = randomBytes(32).toString('base64url');
      res.cookie(BOARD_XSRF_COOKIE, req.session.csrfToken, { path: BOARD_ROUTE, sameSite: 'strict', secure: config.production, httpOnly: false });
      runAsStaffRole(role, next);
      return;
    }
    const origin = req.headers.origin;
    const token = req.get('x-xsrf-token') ?? req.get('x-csrf-token');
    if ((origin !== undefined && !sameOrigin(origin, req, config.publicUrl.origin)) || !csrfTokenMatches(req, token)) {
      problem(res, 403, 'web.errors.forbiddenTitle');
      return;
    }
    const stateOf = queueName && jobId && role === 'operator' ? jobStateOf(queueName, jobId) : Promise.resolve(undefined);
    stateOf.then(
      (state) => {
        if (!staffMay(role, action, state)) {
          problem(res, 403, 'web.staff.forbidden');
          return;
        }
        runAsStaffRole(role, next);
      },
      (error: unknown) => next(error),
    );
  };
}

/**
 * The staff pages served by controllers (/admin/outbox): a staff session, as for the board; a change
 * (a form's POST, whose CSRF token the forms' guard checks) only for a role that may make it.
 */
@Injectable()
export class StaffOnlyMiddleware implements NestMiddleware {
  constructor(private readonly messages: Messages) {}

  use(req: Request, res: Response, next: NextFunction): void {
    if (!req.session?.staffId) {
      if (req.method === 'GET') {
        res.redirect(303, `/admin/login?next=${encodeURIComponent(req.originalUrl)}`);
        return;
      }
      res.status(401).type('text/plain').send(this.messages.t('web.errors.unauthorizedTitle', {}, requestLocaleOf(res)));
      return;
    }
    const role: StaffRole = req.session.staffRole === 'operator' ? 'operator' : 'viewer';
    if (!SAFE_METHODS.has(req.method) && !staffMay(role, 'resend-parked-events')) {
      res.status(403).type('text/plain').send(this.messages.t('web.staff.forbidden', {}, requestLocaleOf(res)));
      return;
    }
    next();
  }
}
