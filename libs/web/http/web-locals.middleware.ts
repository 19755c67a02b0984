import type { NextFunction, Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { languageLinks, requestLocaleOf } from '../i18n/request-locale';

/**
 * Gives every rendered page its base model: the language switch (its links come back to this page;
 * `locale` is set before, by chooseRequestLocale), the session's CSRF token and the flash messages
 * (consumed by the render that shows them).
 */
export function webLocals(req: Request, res: Response, next: NextFunction): void {
  res.locals.languages = languageLinks(requestLocaleOf(res), req.method === 'GET' || req.method === 'HEAD' ? req.originalUrl : req.path);
  res.locals.requestId = String(req.id ?? '');
  res.locals.activeMenu = undefined;
  // Created when a rendered page asks for it, so that /health, the API and assets start no session.
  Object.defineProperty(res.locals, 'csrfToken', {
    enumerable: true,
    get(): string {
      if (!req.session) return '';
      if (!req.session.csrfToken) req.session.csrfToken = randomBytes(32).toString('base64url');
      return req.session.csrfToken;
    },
  });
  const render = res.render.bind(res);
  res.render = ((view: string, options?: object, callback?: (error: Error, html: string) => void) => {
    res.locals.flash = req.session?.flash ?? [];
    if (req.session) req.session.flash = [];
    return render(view, options, callback);
  }) as Response['render'];
  res.locals.flash = [];
  next();
}
