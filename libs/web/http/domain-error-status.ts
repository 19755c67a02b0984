/**
 * HTTP status of a domain error code, for the one global filter. Explicit entries win; otherwise the
 * code's last segment decides by convention; a broken business rule is 422.
 */
const explicit = new Map<string, number>();

export function registerDomainErrorStatus(code: string, status: number): void {
  explicit.set(code, status);
}

export function statusOfDomainError(code: string): number {
  const known = explicit.get(code);
  if (known) return known;
  const rule = code.slice(code.lastIndexOf('.') + 1);
  if (/NOT_FOUND$/.test(rule)) return 404;
  if (/^(UNAUTHENTICATED|INVALID_CREDENTIALS)$/.test(rule)) return 401;
  if (/FORBIDDEN$/.test(rule)) return 403;
  if (/(ALREADY_|DUPLICATE|CONFLICT)/.test(rule)) return 409;
  if (/(THROTTLED|TOO_MANY)/.test(rule)) return 429;
  return 422;
}
