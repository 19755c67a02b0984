import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { conventionsOf, DEFAULT_LOCALE, isLocale, Locale, LOCALES } from '@app/shared-kernel';

/** Where the language switch sends a choice: `GET /lang/<code>?next=<a path of this site>`. */
export const LANGUAGE_SWITCH_PATH = '/lang';

/**
 * The supported language a browser or client prefers most (`Accept-Language: kk-KZ,kk;q=0.9,ru;q=0.8`),
 * by its primary subtag; undefined when it names none of them. A `q=0` range is refused, as RFC 9110
 * says; ties keep the header's order.
 */
export function negotiateLocale(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranges = header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [range, ...params] = part.trim().split(';');
      const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/i.exec(param)?.[1]).find((value) => value !== undefined);
      return { language: range.trim().toLowerCase().split('-')[0], quality: q === undefined ? 1 : Number(q), index };
    })
    .filter((range) => range.quality > 0 && !Number.isNaN(range.quality))
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranges.map((range) => range.language).find(isLocale);
}

/**
 * The language of a request. A page: the one chosen with the switch (kept in the session), else the
 * browser's Accept-Language, else Russian. The REST API: Accept-Language first (a client states it with
 * each call), then the session's choice, else Russian.
 */
export function localeOfRequest(req: Request): Locale {
  const chosen = isLocale(req.session?.locale) ? req.session.locale : undefined;
  const accepted = negotiateLocale(req.headers['accept-language']);
  const locale = req.path.startsWith('/api/') ? (accepted ?? chosen) : (chosen ?? accepted);
  return locale ?? DEFAULT_LOCALE;
}

/**
 * Middleware (after the session's): gives every request its language in `res.locals.locale`, where the
 * pages' `t` helper, the error filter and @RequestLocale() read it, and says it in Content-Language.
 */
export function chooseRequestLocale(req: Request, res: Response, next: NextFunction): void {
  const locale = localeOfRequest(req);
  res.locals.locale = locale;
  res.setHeader('Content-Language', locale);
  res.vary('Accept-Language');
  next();
}

/**
 * The language chosen for this request (`res.locals.locale`). A request refused before the middleware
 * chose one (a body that is not JSON) is given it here from `req`; without either, Russian.
 */
export function requestLocaleOf(res: Response | undefined, req?: Request): Locale {
  const locale: unknown = res?.locals?.locale;
  if (isLocale(locale)) return locale;
  return req ? localeOfRequest(req) : DEFAULT_LOCALE;
}

/** A controller's parameter: the request's language, e.g. `@RequestLocale() locale: Locale`. */
export const RequestLocale = createParamDecorator((_data: unknown, context: ExecutionContext): Locale => requestLocaleOf(context.switchToHttp().getResponse<Response>()));

/** A path of this site to go back to (no other host, scheme or header-splitting characters), else `fallback`. */
export function sameSitePath(next: unknown, fallback = '/'): string {
  return typeof next === 'string' && next.length <= 2000 && /^\/(?![/\\])[^\s\\]*$/.test(next) ? next : fallback;
}

/** The language switch of a page: one link per language, back to `returnTo` after the choice. */
export function languageLinks(current: Locale, returnTo: string) {
  const next = encodeURIComponent(sameSitePath(returnTo));
  return LOCALES.map((code) => ({ code, ...conventionsOf(code), href: `${LANGUAGE_SWITCH_PATH}/${code}?next=${next}`, current: code === current }));
}
