import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Messages, requestLocaleOf } from '@app/web';

/**
 * The staff pages (Bull Board, /admin/outbox) are for staff: without a staff session they redirect pages
 * to the staff login and answer 401 to everything else (problem+json, titled in the request's language).
 */
export function staffOnly(messages: Messages) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.session?.staffId) {
      next();
      return;
    }
    const wantsPage = req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
    if (wantsPage) {
      res.redirect(303, `/admin/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    const title = messages.t('web.errors.unauthorizedTitle', {}, requestLocaleOf(res));
    res.status(401).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', title, status: 401 }));
  };
}

/** staffOnly as a Nest middleware, for the staff pages served by controllers. */
@Injectable()
export class StaffOnlyMiddleware implements NestMiddleware {
  private readonly check: ReturnType<typeof staffOnly>;

  constructor(messages: Messages) {
    this.check = staffOnly(messages);
  }

  use(req: Request, res: Response, next: NextFunction): void {
    this.check(req, res, next);
  }
}
