import { DomainErrors } from '@app/shared-kernel';
import type { KnownReading } from './consumption-history';
import { ReadingValue } from './reading-value';
import { checkUsualConsumption, ReadingToWeigh, unusualConsumption } from './unusual-consumption';

const backOffice = (date: string, value: string, factoryNumber: string | null = '12223773'): KnownReading => ({ date, value: ReadingValue.of(value), source: 'controller', origin: 'back-office', factoryNumber });
const ours = (date: string, value: string): KnownReading => ({ date, value: ReadingValue.of(value), source: 'site', origin: 'cabinet', factoryNumber: null });

/** Monthly readings on the 20th, from `first` ("YYYY-MM"), starting at `start` m³ and growing by each of `steps`. */
function monthly(first: string, start: number, steps: number[]): KnownReading[] {
  const [year, month] = first.split('-').map(Number);
  let value = start;
  return [start, ...steps].map((step, i) => {
    if (i > 0) value += step;
    const index = year * 12 + month - 1 + i;
    return backOffice(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-20`, value.toFixed(3));
  });
}

const weigh = (known: KnownReading[], value: string, period = '2026-11', factoryNumber: string | null = '12223773'): ReadingToWeigh => ({
  meterId: 'M-1',
  factoryNumber,
  period,
  value: ReadingValue.of(value),
  known,
});

describe('an unusual consumption', () => {
  // Readings of June to October: four months of 5 m³ each (July–October), the October reading 120.
  const fourMonths = monthly('2026-06', 100, [5, 5, 5, 5]);

  it('is a month more than three times the average of the months before, and more than 10 m³', () => {
    const unusual = unusualConsumption(weigh(fourMonths, '140.5'));
    expect(unusual && { consumption: unusual.consumption.toString(), average: unusual.average.toString(), ratio: unusual.ratio, months: unusual.months }).toEqual({
      consumption: '20.500',
      average: '5.000',
      ratio: '4.1',
      months: 4,
    });
  });

  it('is not exactly three times the average', () => {
    // average 5 → 15 is exactly 3×; the floor is passed (15 > 10), yet nothing is asked.
    expect(unusualConsumption(weigh(fourMonths, '135'))).toBeNull();
    expect(unusualConsumption(weigh(fourMonths, '135.001'))).not.toBeNull();
  });

  it('is not a consumption up to the floor of 10 m³, however many times the usual', () => {
    const small = monthly('2026-06', 100, [1, 1, 1, 1]);
    expect(unusualConsumption(weigh(small, '114'))).toBeNull(); // 10 m³: ten times the usual, at the floor
    expect(unusualConsumption(weigh(small, '114.001'))?.ratio).toBe('10.0');
  });

  it('needs at least three months of consumption known in the last year', () => {
    const twoMonths = monthly('2026-08', 100, [5, 5]); // August reading, September and October consumption
    expect(unusualConsumption(weigh(twoMonths, '200'))).toBeNull();
    const threeMonths = monthly('2026-07', 100, [5, 5, 5]);
    expect(unusualConsumption(weigh(threeMonths, '200'))?.months).toBe(3);
  });

  it('counts only the twelve months before the reading', () => {
    // Three months of consumption in 2025, then one reading a year later: nothing is known of the last year.
    const old = [...monthly('2025-06', 100, [5, 5, 5]), backOffice('2026-10-20', '150')];
    expect(unusualConsumption(weigh(old, '200'))).toBeNull();
  });

  it('asks nothing without a reading in the month before (the water of a gap is not one month\'s)', () => {
    const gap = monthly('2026-05', 100, [5, 5, 5, 5]); // the last reading is September's
    expect(unusualConsumption(weigh(gap, '200'))).toBeNull();
  });

  it('asks nothing for a meter put in place of another (another factory number)', () => {
    expect(unusualConsumption(weigh(fourMonths, '200', '2026-11', '99999999'))).toBeNull();
  });

  it("leaves this month's own reading out: a correction is weighed against the month before", () => {
    const withCurrent = [...fourMonths, ours('2026-11-02', '190')];
    expect(unusualConsumption(weigh(withCurrent, '121'))).toBeNull();
    expect(unusualConsumption(weigh(withCurrent, '190'))?.consumption.toString()).toBe('70.000');
  });

  it('has no ratio when the usual consumption is zero', () => {
    const idle = monthly('2026-06', 100, [0, 0, 0, 0]);
    const unusual = unusualConsumption(weigh(idle, '111'));
    expect([unusual?.consumption.toString(), unusual?.average.toString(), unusual?.ratio]).toEqual(['11.000', '0.000', null]);
  });

  it('is reported for every such meter of a submission together, unless confirmed', () => {
    const other = { ...weigh(fourMonths, '160'), meterId: 'M-2' };
    let error: unknown;
    try {
      checkUsualConsumption([weigh(fourMonths, '125'), weigh(fourMonths, '140.5'), other], false);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(DomainErrors);
    const errors = (error as DomainErrors).errors;
    expect((error as DomainErrors).code).toBe('METERING.UNUSUAL_CONSUMPTION');
    expect(errors.map((e) => [e.code, e.details.field, e.details.consumption, e.details.ratio])).toEqual([
      ['METERING.UNUSUAL_CONSUMPTION_OF_METER', 'M-1', '20.500', '4.1'],
      ['METERING.UNUSUAL_CONSUMPTION_OF_METER', 'M-2', '40.000', '8.0'],
    ]);
    expect(() => checkUsualConsumption([weigh(fourMonths, '140.5')], true)).not.toThrow();
    expect(() => checkUsualConsumption([weigh(fourMonths, '125')], false)).not.toThrow();
  });
});
