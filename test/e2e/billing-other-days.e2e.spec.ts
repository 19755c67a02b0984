import { TravellingClock } from '../helpers/test-clock';
import { describeBillingPages } from './billing-pages.suite';

/**
 * Billing's pages on the days where "the previous month" is easiest to get wrong, whatever day the
 * tests run on: New Year's night in Kazakhstan (the previous month is December of the year before, and
 * 19:30 UTC on 31 December is already 1 January there), a 29 February, the first of March after it
 * (shortly after midnight local time, still 29 February in UTC), and the middle of a month.
 */
for (const day of ['2027-01-01T00:30:00+05:00', '2028-02-29T12:00:00+05:00', '2028-03-01T00:10:00+05:00', '2027-06-15T15:00:00+05:00']) {
  describeBillingPages(new TravellingClock(new Date(day)));
}
