import { testClock } from '../helpers/test-clock';
import { describeBillingPages } from './billing-pages.suite';

/** Billing's pages on the run's clock: the machine's day, unless TEST_CLOCK names another. */
describeBillingPages(testClock());
