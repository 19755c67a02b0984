import { addMonths, FixedDecimal } from '@app/shared-kernel';
import { READING_SCALE, ReadingValue } from './reading-value';

/** The most months a consumption history shows (two years). */
export const HISTORY_MONTHS = 24;

/** A reading the cabinet knows: one of its own (not rejected) or one the back office published. */
export interface KnownReading {
  /** "YYYY-MM-DD" it was taken (ours: submitted). */
  date: string;
  value: ReadingValue;
  /** 'site' | 'api' for ours, the back office's code or label for its own. */
  source: string;
  origin: 'cabinet' | 'back-office';
  /** The meter's factory number when the reading was taken, where known (the back office's). */
  factoryNumber: string | null;
}

/**
 * Why a month has no consumption: no reading in it; none in the month before (the first month known,
 * or after a gap); the meter was replaced (another factory number); or the reading is lower than the
 * month before's (the counter started again: a meter replaced or reset).
 */
export type NoConsumption = 'no-reading' | 'no-previous' | 'replaced' | 'restarted';

export interface ConsumptionMonth {
  /** "YYYY-MM" */
  period: string;
  /** The month's reading: its latest one. */
  reading: KnownReading | null;
  /** m³ used in the month, exact; null when it cannot be told (see `why`). */
  consumption: FixedDecimal | null;
  why: NoConsumption | null;
}

export interface ConsumptionHistory {
  /** First and last month shown ("YYYY-MM"); none when no reading is known. */
  from: string | null;
  to: string;
  /** Oldest first. */
  months: ConsumptionMonth[];
  /** The sum over the months with a consumption, and how many they are. */
  total: FixedDecimal;
  countedMonths: number;
  /** total / countedMonths, rounded half up to the litre; null when no month counts. */
  average: FixedDecimal | null;
}

/**
 * A meter's monthly consumption, from the readings the cabinet and the back office know.
 *
 * - A month's reading is the latest one taken in it (by date); of two taken on the same day, the back
 *   office's, which has seen ours. So a correction (ours corrected this month, or the back office's
 *   later or corrected reading) is what counts, and a reading the back office rejected counts not.
 * - The consumption of a month is its reading minus the reading of the month before: the water used
 *   between the two readings. It is told only when both months have a reading, of the same meter
 *   (same factory number where both are known), and the later is not lower. A gap leaves the month
 *   after it without a consumption too: the water used over several months is not put into one.
 * - The history runs from the first month with a reading, at most HISTORY_MONTHS back, to `to` (this
 *   month); months in it without a reading are shown without one.
 */
export function consumptionHistory(readings: readonly KnownReading[], to: string, months = HISTORY_MONTHS): ConsumptionHistory {
  const byMonth = new Map<string, KnownReading>();
  for (const reading of readings) {
    const period = reading.date.slice(0, 7);
    if (period > to) continue;
    const held = byMonth.get(period);
    if (!held || isLater(reading, held)) byMonth.set(period, reading);
  }
  const earliest = addMonths(to, -(months - 1));
  const known = [...byMonth.keys()].filter((period) => period >= earliest).sort();
  const zero = FixedDecimal.zero(READING_SCALE);
  if (known.length === 0) return { from: null, to, months: [], total: zero, countedMonths: 0, average: null };

  const shown: ConsumptionMonth[] = [];
  for (let period = known[0]; period <= to; period = addMonths(period, 1)) {
    shown.push(monthOf(period, byMonth.get(period) ?? null, byMonth.get(addMonths(period, -1)) ?? null));
  }
  const counted = shown.filter((month) => month.consumption !== null);
  const total = counted.reduce((sum, month) => sum.plus(month.consumption!), zero);
  return { from: known[0], to, months: shown, total, countedMonths: counted.length, average: counted.length ? divided(total, counted.length) : null };
}

function monthOf(period: string, reading: KnownReading | null, previous: KnownReading | null): ConsumptionMonth {
  const without = (why: NoConsumption): ConsumptionMonth => ({ period, reading, consumption: null, why });
  if (!reading) return without('no-reading');
  if (!previous) return without('no-previous');
  if (reading.factoryNumber !== null && previous.factoryNumber !== null && reading.factoryNumber !== previous.factoryNumber) return without('replaced');
  if (reading.value.isLowerThan(previous.value)) return without('restarted');
  return { period, reading, consumption: reading.value.minus(previous.value), why: null };
}

/** Whether `a` is the month's reading rather than `b`: taken later, or the same day and the back office's. */
function isLater(a: KnownReading, b: KnownReading): boolean {
  if (a.date !== b.date) return a.date > b.date;
  return a.origin === 'back-office' && b.origin === 'cabinet';
}

/** `total / count`, rounded half up at the total's scale (exact bigint arithmetic). */
function divided(total: FixedDecimal, count: number): FixedDecimal {
  const n = BigInt(count);
  const negative = total.units < 0n;
  const units = negative ? -total.units : total.units;
  const quotient = (units * 2n + n) / (2n * n);
  return FixedDecimal.ofUnits(negative ? -quotient : quotient, total.scale);
}
