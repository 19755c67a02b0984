/** OpenAPI examples of Billing's problem+json answers (the filter in libs/web writes the real ones). */
export const problem = (status: number, code: string, title: string, instance: string, extra: Record<string, unknown> = {}) => ({
  status,
  description: `${code}: ${title}`,
  content: { 'application/problem+json': { example: { type: `urn:vodokanal:problem:${code}`, title, status, code, instance, ...extra } } },
});

/** BILLING.INVALID_PERIOD for a field (the title as the catalogue says it). */
export const INVALID_PERIOD = (instance: string, value: string) =>
  problem(400, 'BILLING.INVALID_PERIOD', `Период «${value}» указан неверно: укажите месяц в виде ГГГГ-ММ, с 2000 года и не позже чем через год.`, instance);

