import { consumptionHistory, KnownReading } from './consumption-history';
import { ReadingValue } from './reading-value';

const backOffice = (date: string, value: string, factoryNumber: string | null = '12223773', source = 'controller'): KnownReading => ({
  date,
  value: ReadingValue.of(value),
  source,
  origin: 'back-office',
  factoryNumber,
});
const ours = (date: string, value: string): KnownReading => ({ date, value: ReadingValue.of(value), source: 'site', origin: 'cabinet', factoryNumber: null });

/** [period, reading, consumption, why] per month, as compact rows. */
const rows = (readings: KnownReading[], to = '2026-11', months?: number) =>
  consumptionHistory(readings, to, months).months.map((month) => [month.period, month.reading?.value.toString() ?? null, month.consumption?.toString() ?? null, month.why]);

describe('the consumption history of a meter', () => {
  it("tells each month's consumption as its reading minus the month before's, from the first month known to this month", () => {
    expect(rows([backOffice('2026-08-24', '100'), backOffice('2026-09-23', '112.5'), backOffice('2026-10-24', '131.200'), ours('2026-11-20', '145.554')])).toEqual([
      ['2026-08', '100.000', null, 'no-previous'],
      ['2026-09', '112.500', '12.500', null],
      ['2026-10', '131.200', '18.700', null],
      ['2026-11', '145.554', '14.354', null],
    ]);
  });

  it('leaves a month without a reading, and the month after it, without a consumption (a gap is not put into one month)', () => {
    const history = consumptionHistory([backOffice('2026-07-20', '100'), backOffice('2026-08-20', '110'), backOffice('2026-10-20', '135'), backOffice('2026-11-20', '140')], '2026-12');
    expect(history.months.map((month) => [month.period, month.consumption?.toString() ?? null, month.why])).toEqual([
      ['2026-07', null, 'no-previous'],
      ['2026-08', '10.000', null],
      ['2026-09', null, 'no-reading'],
      ['2026-10', null, 'no-previous'],
      ['2026-11', '5.000', null],
      ['2026-12', null, 'no-reading'],
    ]);
    expect([history.total.toString(), history.countedMonths, history.average?.toString()]).toEqual(['15.000', 2, '7.500']);
  });

  it('starts again after a meter is replaced: no consumption for the month of the new meter, then its own', () => {
    expect(rows([backOffice('2026-08-20', '950.120'), backOffice('2026-09-20', '2.400', '55500011'), backOffice('2026-10-20', '9.900', '55500011')], '2026-10')).toEqual([
      ['2026-08', '950.120', null, 'no-previous'],
      ['2026-09', '2.400', null, 'replaced'],
      ['2026-10', '9.900', '7.500', null],
    ]);
    // A new meter that starts above the old one's reading is still another meter.
    expect(rows([backOffice('2026-09-20', '10'), backOffice('2026-10-20', '500', '55500011')], '2026-10')[1]).toEqual(['2026-10', '500.000', null, 'replaced']);
  });

  it('does not count a reading lower than the month before (the counter started again, the factory number unknown)', () => {
    expect(rows([ours('2026-09-20', '300'), ours('2026-10-20', '4.5'), ours('2026-11-20', '10')])).toEqual([
      ['2026-09', '300.000', null, 'no-previous'],
      ['2026-10', '4.500', null, 'restarted'],
      ['2026-11', '10.000', '5.500', null],
    ]);
  });

  it("takes a month's latest reading, so a correction counts; on the same day the back office's", () => {
    // Ours of October on the 20th, the inspector's corrected value on the 27th; then both on one day in November.
    const history = rows([backOffice('2026-09-24', '100'), ours('2026-10-20', '125'), backOffice('2026-10-27', '120', '12223773', 'inspector'), ours('2026-11-20', '131'), backOffice('2026-11-20', '130')]);
    expect(history).toEqual([
      ['2026-09', '100.000', null, 'no-previous'],
      ['2026-10', '120.000', '20.000', null],
      ['2026-11', '130.000', '10.000', null],
    ]);
  });

  it('compares a reading of ours with the back office’s (its factory number unknown) by value only', () => {
    expect(rows([backOffice('2026-10-24', '131.2'), ours('2026-11-20', '145.554')])[1]).toEqual(['2026-11', '145.554', '14.354', null]);
  });

  it('shows at most 24 months, counting the first from the reading before it', () => {
    const readings = Array.from({ length: 30 }, (_, i) => backOffice(`${2024 + Math.floor((i + 5) / 12)}-${String(((i + 5) % 12) + 1).padStart(2, '0')}-20`, String(10 * i)));
    const history = consumptionHistory(readings, '2026-11');
    expect(history.months).toHaveLength(24);
    expect([history.from, history.months[0].period, history.months[23].period]).toEqual(['2024-12', '2024-12', '2026-11']);
    expect(history.months.every((month) => month.consumption?.toString() === '10.000')).toBe(true);
    expect([history.total.toString(), history.average?.toString()]).toEqual(['240.000', '10.000']);
  });

  it('is empty without any reading, and ignores readings after `to`', () => {
    expect(consumptionHistory([], '2026-11')).toMatchObject({ from: null, months: [], countedMonths: 0, average: null });
    expect(rows([backOffice('2026-10-20', '1'), backOffice('2026-12-01', '5')])).toEqual([
      ['2026-10', '1.000', null, 'no-previous'],
      ['2026-11', null, null, 'no-reading'],
    ]);
  });

  it('rounds the average half up to the litre', () => {
    const history = consumptionHistory([backOffice('2026-08-20', '0'), backOffice('2026-09-20', '0.001'), backOffice('2026-10-20', '0.003'), backOffice('2026-11-20', '0.004')], '2026-11');
    // (0.001 + 0.002 + 0.001) / 3 = 0.001333…
    expect([history.total.toString(), history.average?.toString()]).toEqual(['0.004', '0.001']);
    const half = consumptionHistory([backOffice('2026-09-20', '0'), backOffice('2026-10-20', '0.001'), backOffice('2026-11-20', '0.003')], '2026-11');
    // (0.001 + 0.002) / 2 = 0.0015
    expect(half.average?.toString()).toBe('0.002');
  });
});
