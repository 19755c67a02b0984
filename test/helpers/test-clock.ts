import { Clock, localDateOf, localMonthOf, SystemClock } from '@app/shared-kernel';

/**
 * A clock that starts at a given instant and then runs at the machine's pace: the processes under test
 * live on another day (links still expire, sessions still age), whatever day the tests run on.
 */
export class TravellingClock extends Clock {
  private readonly offsetMs: number;

  constructor(start: Date) {
    super();
    if (Number.isNaN(start.getTime())) throw new Error('TravellingClock: the start is not a date');
    this.offsetMs = start.getTime() - Date.now();
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

let shared: Clock | undefined;

/**
 * The clock of this test file's processes: the machine's, or the instant TEST_CLOCK names (ISO 8601 with
 * its offset, e.g. `TEST_CLOCK=2027-01-01T00:30:00+05:00 npm test`), the same one for the test and every
 * process it starts. A test builds its dates from this clock, never from a fixed day.
 */
export function testClock(): Clock {
  const day = process.env.TEST_CLOCK;
  return (shared ??= day ? new TravellingClock(new Date(day)) : new SystemClock());
}

/**
 * A clock at noon (local time) of the test clock's day, then running: for a test that compares what a
 * subscriber sees before and after minutes of work, which must not cross midnight on the way.
 */
export function middayClock(): Clock {
  return new TravellingClock(new Date(`${localDateOf(testClock().now())}T12:00:00+05:00`));
}

/** Month names as the pages show them. */
const MONTHS = ['Январь', 'Февраль', 'Март', 'Апрель', 'Май', 'Июнь', 'Июль', 'Август', 'Сентябрь', 'Октябрь', 'Ноябрь', 'Декабрь'];

/** A month of the utility ("YYYY-MM") as the pages show and pick it. */
export interface Month {
  period: string;
  year: number;
  month: number;
  /** «Октябрь» */
  name: string;
  /** «Октябрь 2026» */
  label: string;
}

function monthAt(index: number): Month {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { period: `${year}-${String(month).padStart(2, '0')}`, year, month, name: MONTHS[month - 1], label: `${MONTHS[month - 1]} ${year}` };
}

/** The month `offset` months from the one `now` falls in, in the utility's local time. */
export function monthFrom(now: Date, offset: number): Month {
  const [year, month] = localMonthOf(now).split('-').map(Number);
  return monthAt(year * 12 + (month - 1) + offset);
}
