import { addMonths, checkRule, FixedDecimal } from '@app/shared-kernel';
import { consumptionHistory, KnownReading } from './consumption-history';
import { MeteringErrors } from './metering.errors';
import { READING_SCALE, ReadingValue } from './reading-value';

/** A month's consumption is unusual above this many times the usual one… */
export const UNUSUAL_FACTOR = 3n;
/** …and above this floor (m³), so that a few cubic metres more of a small consumer ask nothing. */
export const UNUSUAL_FLOOR = FixedDecimal.parse('10', READING_SCALE)!;
/** The usual consumption is the average of the months of the last year… */
export const USUAL_WINDOW_MONTHS = 12;
/** …of which at least this many must have a consumption known; with fewer, nothing is asked. */
export const USUAL_MIN_MONTHS = 3;

/** The first day whose readings weigh a reading of `period` ("YYYY-MM"): the window and the month before it. */
export function knownReadingsSince(period: string): string {
  return `${addMonths(period, -(USUAL_WINDOW_MONTHS + 1))}-01`;
}

/** A reading about to be taken, and what the cabinet and the back office knew of the meter before it. */
export interface ReadingToWeigh {
  meterId: string;
  factoryNumber: string | null;
  /** "YYYY-MM": the month the reading is taken for. */
  period: string;
  value: ReadingValue;
  /** The meter's readings known before this one (any months; this month's are left out). */
  known: readonly KnownReading[];
}

/** A consumption found unusual, with the figures the subscriber is shown. */
export interface UnusualConsumption {
  meterId: string;
  factoryNumber: string | null;
  /** m³ the month's reading means: the reading minus the month before's. */
  consumption: FixedDecimal;
  /** The average monthly consumption of the last USUAL_WINDOW_MONTHS months before. */
  average: FixedDecimal;
  /** consumption / average, rounded half up to one decimal ("4.2"); null when the average is zero. */
  ratio: string | null;
  /** How many months the average was taken over. */
  months: number;
}

/**
 * Whether a reading means an unusual consumption: its month's consumption (the reading minus the
 * reading of the month before, as the consumption history counts it) is more than UNUSUAL_FACTOR times
 * the meter's average monthly consumption of the USUAL_WINDOW_MONTHS months before, and more than
 * UNUSUAL_FLOOR. Nothing is unusual without enough history: fewer than USUAL_MIN_MONTHS months with a
 * consumption in that year, no reading in the month before (a gap, the first month), or another meter
 * in its place (another factory number). Exactly three times the usual is still usual.
 */
export function unusualConsumption(reading: ReadingToWeigh): UnusualConsumption | null {
  const before = addMonths(reading.period, -1);
  const earlier = reading.known.filter((known) => known.date.slice(0, 7) < reading.period);
  const history = consumptionHistory(earlier, before, USUAL_WINDOW_MONTHS);
  if (history.average === null || history.countedMonths < USUAL_MIN_MONTHS) return null;

  const previous = history.months.at(-1);
  if (!previous || previous.period !== before || !previous.reading) return null;
  const replaced = previous.reading.factoryNumber !== null && reading.factoryNumber !== null && previous.reading.factoryNumber !== reading.factoryNumber;
  if (replaced || reading.value.isLowerThan(previous.reading.value)) return null;

  const consumption = reading.value.minus(previous.reading.value);
  const average = history.average;
  if (consumption.compare(UNUSUAL_FLOOR) <= 0) return null;
  if (consumption.units <= average.units * UNUSUAL_FACTOR) return null;
  return { meterId: reading.meterId, factoryNumber: reading.factoryNumber, consumption, average, ratio: ratioOf(consumption, average), months: history.countedMonths };
}

/**
 * The rule of a submission: readings whose consumption is unusual are taken only once the subscriber
 * has confirmed them (the page's dialog «Передать», the API's confirmUnusual). Every unusual reading
 * of the submission is reported together, each with its figures.
 */
export function checkUsualConsumption(readings: readonly ReadingToWeigh[], confirmed: boolean): void {
  const unusual = confirmed ? [] : readings.flatMap((reading) => unusualConsumption(reading) ?? []);
  checkRule({ isBroken: () => unusual.length > 0, error: () => MeteringErrors.unusualConsumption(unusual) });
}

/** `a / b` to one decimal, rounded half up (exact bigint arithmetic); null when b is zero. */
function ratioOf(a: FixedDecimal, b: FixedDecimal): string | null {
  if (b.units === 0n) return null;
  const tenths = (a.units * 20n + b.units) / (2n * b.units);
  return `${tenths / 10n}.${tenths % 10n}`;
}
