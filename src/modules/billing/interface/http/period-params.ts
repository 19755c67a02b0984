import { BillingErrors } from '../../domain/billing.errors';
import { checkStatementRange } from '../../domain/billing-period';
import { periodParam, statementRangeOf } from '../web/billing-period-form';

/**
 * A `YYYY-MM` field of an API request (`period`, `from`, `to`) by the pages' rules: undefined when
 * absent, BILLING.INVALID_PERIOD naming the field when it is not a month we could have charges for.
 * `latest` is the previous month.
 */
export function periodOfField(field: string, value: unknown, latest: string): string | undefined {
  const period = periodParam(value, latest);
  if (period === null) throw BillingErrors.invalidPeriod(field, String(value).slice(0, 20));
  return period;
}

/** A reconciliation's range from `from` and `to`, with the page's defaults and limits (BILLING.INVALID_PERIOD_RANGE). */
export function statementRangeOfFields(from: unknown, to: unknown, latest: string): { from: string; to: string } {
  const range = statementRangeOf(periodOfField('from', from, latest), periodOfField('to', to, latest), latest);
  checkStatementRange(range.from, range.to);
  return range;
}
