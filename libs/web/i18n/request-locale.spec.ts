import type { Request } from 'express';
import { languageLinks, localeOfRequest, negotiateLocale, sameSitePath } from './request-locale';

function request(path: string, acceptLanguage?: string, chosen?: string): Request {
  return { path, headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {}, session: chosen ? { locale: chosen } : undefined } as unknown as Request;
}

describe("a request's language", () => {
  it('is the supported language Accept-Language prefers most, by its primary subtag', () => {
    expect(negotiateLocale('kk-KZ,kk;q=0.9,ru;q=0.8')).toBe('kk');
    expect(negotiateLocale('de-DE,de;q=0.9,en-US;q=0.8,ru;q=0.7')).toBe('en');
    expect(negotiateLocale('ru;q=0.5, kk;q=0.7')).toBe('kk');
    expect(negotiateLocale('en;q=0, ru')).toBe('ru');
    expect(negotiateLocale('EN-gb')).toBe('en');
    expect(negotiateLocale('de, fr')).toBeUndefined();
    expect(negotiateLocale('*')).toBeUndefined();
    expect(negotiateLocale(undefined)).toBeUndefined();
  });

  it("is, for a page, the session's choice before Accept-Language, and Russian without either", () => {
    expect(localeOfRequest(request('/login', 'en-US', 'kk'))).toBe('kk');
    expect(localeOfRequest(request('/login', 'en-US'))).toBe('en');
    expect(localeOfRequest(request('/login', 'de'))).toBe('ru');
    expect(localeOfRequest(request('/login', undefined, 'xx'))).toBe('ru');
  });

  it("is, for the API, Accept-Language before the session's choice", () => {
    expect(localeOfRequest(request('/api/v1/me', 'en', 'kk'))).toBe('en');
    expect(localeOfRequest(request('/api/v1/me', undefined, 'kk'))).toBe('kk');
    expect(localeOfRequest(request('/api/v1/me'))).toBe('ru');
  });
});

describe('the language switch', () => {
  it('links each language, marks the current one and comes back to the page', () => {
    expect(languageLinks('kk', '/cabinet/charges?month=11&year=2026').map(({ code, label, href, current }) => ({ code, label, href, current }))).toEqual([
      { code: 'ru', label: 'Рус', href: '/lang/ru?next=%2Fcabinet%2Fcharges%3Fmonth%3D11%26year%3D2026', current: false },
      { code: 'kk', label: 'Қаз', href: '/lang/kk?next=%2Fcabinet%2Fcharges%3Fmonth%3D11%26year%3D2026', current: true },
      { code: 'en', label: 'Eng', href: '/lang/en?next=%2Fcabinet%2Fcharges%3Fmonth%3D11%26year%3D2026', current: false },
    ]);
  });

  it('goes back only to a path of this site', () => {
    expect(sameSitePath('/cabinet?x=1')).toBe('/cabinet?x=1');
    for (const foreign of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'cabinet', '/a\r\nSet-Cookie: x=1', '', undefined, ['/cabinet'], `/${'a'.repeat(2000)}`]) {
      expect(sameSitePath(foreign)).toBe('/');
    }
  });
});
