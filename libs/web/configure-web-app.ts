import { BadRequestException } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { join } from 'node:path';
import { AppConfig } from '@app/config';
import { projectRoot } from '@app/persistence';
import { isCookielessApiCall } from './http/cookieless-api-call';
import { handlebarsViewClass } from './http/handlebars-view';
import { refuseDeepBodies } from './http/body-depth';
import { noStore } from './http/no-store.middleware';
import { webLocals } from './http/web-locals.middleware';
import { chooseRequestLocale } from './i18n/request-locale';
import { SessionService } from './session/session.service';
import { TemplateRegistry } from './templates/template-registry';

export const SESSION_COOKIE = 'vk.sid';

/** Paths whose third-party UIs (Bull Board, Swagger UI) need inline styles; everything else gets the strict CSP. */
const RELAXED_CSP_PATHS = ['/admin/queues', '/api/docs'];

/** Express-level setup shared by the web entry point and the tests, so both serve the same app. */
export function configureWebApp(app: NestExpressApplication, config: AppConfig): void {
  const registry = app.get(TemplateRegistry);
  const sessions = app.get(SessionService);
  const express = app.getHttpAdapter().getInstance();

  express.disable('x-powered-by');
  // Pages and API answers are personal and made afresh each time: no ETag (Express hashed every body
  // with SHA-1 for one, POST answers included, and nothing here answers 304). Static assets keep
  // theirs: serve-static makes its own.
  express.set('etag', false);
  // X-Forwarded-For/-Proto count only when TRUST_PROXY names the proxies in front (off by default: a
  // client could otherwise pick its own address and escape the per-address limits).
  app.set('trust proxy', config.trustProxy);
  app.set('view', handlebarsViewClass(registry));

  // A body that is not JSON: body-parser's refusal gets a stable code (Nest would make it a bare 400
  // with the parser's English message), which the global filter writes in the request's language.
  app.use((error: unknown, _req: Request, _res: Response, next: NextFunction) =>
    next((error as { type?: unknown } | null)?.type === 'entity.parse.failed' ? new BadRequestException({ code: 'REQUEST.MALFORMED_JSON' }) : error),
  );

  const securityHeaders = (relaxedUi: boolean) =>
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: relaxedUi ? ["'self'", "'unsafe-inline'"] : ["'self'"],
          styleSrc: relaxedUi ? ["'self'", "'unsafe-inline'"] : ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: relaxedUi ? ["'self'", 'data:'] : ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          // ASVS 5.0 3.4.3: base-uri 'none'; Bull Board's page sets a <base href>, so the relaxed UIs keep 'self'.
          baseUri: relaxedUi ? ["'self'"] : ["'none'"],
          objectSrc: ["'none'"],
          upgradeInsecureRequests: config.production && !relaxedUi ? [] : null,
        },
      },
      hsts: config.production,
      // Not helmet's default "no-referrer": with it Chromium sends `Origin: null` on same-site form posts,
      // which CsrfGuard refuses. "same-origin" still sends no referrer to other sites.
      referrerPolicy: { policy: 'same-origin' },
    });
  const strict = securityHeaders(false);
  const relaxed = securityHeaders(true);
  app.use((req: Request, res: Response, next: NextFunction) =>
    (RELAXED_CSP_PATHS.some((path) => req.path.startsWith(path)) ? relaxed : strict)(req, res, next),
  );

  // Personal answers are never kept by a browser or proxy (ASVS 14.3.2); assets are.
  app.use(noStore);
  app.useStaticAssets(join(projectRoot(), 'libs', 'web', 'public'), { prefix: '/assets/', maxAge: config.production ? '1d' : 0 });

  const sessionMiddleware = session({
    name: SESSION_COOKIE,
    store: sessions.store,
    secret: [...config.sessionSecrets],
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: 'destroy',
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.production, path: '/' },
  });
  // Sessions and page locals are for browsers: an API call without a cookie (a bearer token or none)
  // and the probes skip them, which keeps the hot API path lean. Every request gets its language (the
  // session's choice or Accept-Language), the API's problems included.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (withoutBrowserState(req)) return chooseRequestLocale(req, res, next);
    sessionMiddleware(req, res, (error?: unknown) => (error ? next(error) : chooseRequestLocale(req, res, () => webLocals(req, res, next))));
  });
  // A body nested deeper than any form or DTO: 400 before validation recurses into it (finding 7 of
  // issue 15). After the locals, so that a page's refusal renders as a page in its language.
  app.use(refuseDeepBodies);
}

function withoutBrowserState(req: Request): boolean {
  return req.path === '/health' || req.path === '/ready' || isCookielessApiCall(req);
}
