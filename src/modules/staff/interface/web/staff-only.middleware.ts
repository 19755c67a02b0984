import type { NextFunction, Request, Response } from 'express';

/** Bull Board is for staff: without a staff session it redirects pages to the staff login and answers 401 to its API. */
export function staffOnly(req: Request, res: Response, next: NextFunction): void {
  if (req.session?.staffId) {
    next();
    return;
  }
  const wantsPage = req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
  if (wantsPage) {
    res.redirect(303, `/admin/login?next=${encodeURIComponent(req.originalUrl)}`);
    return;
  }
  res.status(401).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401 }));
}
