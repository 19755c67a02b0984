import type { NextFunction, Request, Response } from 'express';
import { Messages, requestLocaleOf } from '@app/web';

/**
 * Bull Board is for staff: without a staff session it redirects pages to the staff login and answers
 * 401 to its API (problem+json, titled in the request's language).
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
