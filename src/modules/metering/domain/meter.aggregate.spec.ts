import { DomainError } from '@app/shared-kernel';
import { aMeter, aReading, loadedWith } from '../testing/meter.mother';
import { acceptsReadings, Meter, MeterStanding, TakenReading } from './meter.aggregate';
import { Reading } from './reading.entity';

const now = new Date('2026-11-20T06:00:00Z'); // 11:00 in Kazakhstan

/** Submits `text` to the meter, loaded with `readings` as its repository would load it. */
function submit(meter: Meter = aMeter(), text = '145.554', options: { readings?: Reading[]; submissionId?: string } = {}): TakenReading {
  return loadedWith(meter, options.readings).submitReading({ text, now, source: 'site', submissionId: options.submissionId ?? 's-1' });
}

function refusalOf(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, none was thrown');
}

const codeOf = (action: () => unknown): string => refusalOf(action).code;

describe('Meter', () => {
  describe('takes a reading', () => {
    it('creates this month’s reading, pending, from the site', () => {
      const { reading, change } = submit(aMeter(), '00000145.554');
      expect(change).toBe('added');
      expect(reading).toMatchObject({ meterId: 'm-cold', contractNumber: '2666', period: '2026-11', value: '145.554', date: '2026-11-20', source: 'site', status: 'pending', submissionId: 's-1' });
      expect(reading.amount().toDisplay()).toBe('00000145.554');
    });

    it('takes the date in Kazakhstan (UTC+5): 20:00 UTC on the last day of a month is already the next month', () => {
      const meter = loadedWith(aMeter(), [], '2026-12');
      const { reading } = meter.submitReading({ text: '1', now: new Date('2026-11-30T20:00:00Z'), source: 'api', submissionId: 's' });
      expect(reading.date).toBe('2026-12-01');
      expect(reading.period).toBe('2026-12');
    });

    it('accepts a comma as the decimal separator and a reading equal to the previous one', () => {
      expect(submit(aMeter(), '145,554', { readings: [aReading({ value: '145.554' })] }).reading.value).toBe('145.554');
    });

    it('corrects this month’s pending reading, loaded with the meter, in place with the new submission', () => {
      const current = aReading({ value: '100', date: '2026-11-02', submissionId: 's-0' });
      const taken = submit(aMeter(), '101.5', { readings: [current], submissionId: 's-2' });
      expect(taken.change).toBe('corrected');
      expect(taken.reading).toBe(current);
      expect(current).toMatchObject({ value: '101.500', date: '2026-11-20', submissionId: 's-2', status: 'pending' });
    });

    it('changes nothing when the value typed is this month’s reading, however it is written', () => {
      const current = aReading({ value: '100', date: '2026-11-02', submissionId: 's-0' });
      const taken = submit(aMeter(), '00000100,000', { readings: [current], submissionId: 's-2' });
      expect(taken).toEqual({ reading: current, change: 'unchanged' });
      expect(current).toMatchObject({ submissionId: 's-0', date: '2026-11-02' });
    });

    it('allows a new reading, even the same value, after the back office rejected this month’s one', () => {
      const current = aReading({ value: '100', date: '2026-11-02', status: 'rejected' });
      const again = submit(aMeter(), '100', { readings: [current], submissionId: 's-2' });
      expect(again.change).toBe('corrected');
      expect(again.reading).toMatchObject({ status: 'pending', rejectionReason: null, value: '100.000', submissionId: 's-2' });
    });

    it('a second reading of the month, once the first was taken, corrects the first', () => {
      const meter = aMeter();
      const first = submit(meter, '100');
      const second = meter.submitReading({ text: '101', now, source: 'site', submissionId: 's-2' });
      expect(second).toEqual({ reading: first.reading, change: 'corrected' });
    });

    it('accepts a reading on the verification date itself', () => {
      expect(submit(aMeter({ verificationDate: '2026-11-20' })).reading.value).toBe('145.554');
    });
  });

  describe('refuses', () => {
    it('a meter without a factory number (METERING.NO_FACTORY_NUMBER)', () => {
      expect(codeOf(() => submit(aMeter({ factoryNumber: null })))).toBe('METERING.NO_FACTORY_NUMBER');
      expect(codeOf(() => submit(aMeter({ factoryNumber: '  ' })))).toBe('METERING.NO_FACTORY_NUMBER');
    });

    it('a removed meter (METERING.METER_REMOVED)', () => {
      expect(codeOf(() => submit(aMeter({ state: 'removed' })))).toBe('METERING.METER_REMOVED');
    });

    it('the manual’s removed hot-water meter without a factory number as removed, not as one without a number (Рисунок 13)', () => {
      const row = aMeter({ meterId: 'm-hot', water: 'hot', factoryNumber: null, verificationDate: null, state: 'removed' });
      expect(codeOf(() => submit(row))).toBe('METERING.METER_REMOVED');
    });

    it('a meter whose verification date has passed (METERING.VERIFICATION_EXPIRED)', () => {
      expect(codeOf(() => submit(aMeter({ verificationDate: '2026-11-19' })))).toBe('METERING.VERIFICATION_EXPIRED');
    });

    it('a reading lower than the previous one loaded with the meter (METERING.READING_BELOW_PREVIOUS), naming the previous value', () => {
      const error = refusalOf(() => submit(aMeter(), '145.553', { readings: [aReading({ value: '145.554' })] }));
      expect(error.code).toBe('METERING.READING_BELOW_PREVIOUS');
      expect(error.details).toEqual({ field: 'm-cold', previous: '00000145.554' });
    });

    it('a reading lower than the back office’s last one', () => {
      const meter = aMeter({ lastReading: { value: '200', date: '2026-10-25', source: 'controller' } });
      expect(refusalOf(() => submit(meter, '199.999')).details.previous).toBe('00000200.000');
    });

    it('a reading lower than a previous one even when this month’s reading is being corrected', () => {
      const readings = [aReading({ value: '150' }), aReading({ value: '160', date: '2026-11-02' })];
      expect(codeOf(() => submit(aMeter(), '149', { readings }))).toBe('METERING.READING_BELOW_PREVIOUS');
    });

    it.each(['abc', '1e3', '12.3.4', '0x10', '', ' ', '١٢'])('a value that is not a number: %p (METERING.READING_NOT_A_NUMBER)', (text) => {
      expect(codeOf(() => submit(aMeter(), text))).toBe('METERING.READING_NOT_A_NUMBER');
    });

    it.each(['-1', '-0.001'])('a negative reading: %p (METERING.READING_NEGATIVE)', (text) => {
      expect(codeOf(() => submit(aMeter(), text))).toBe('METERING.READING_NEGATIVE');
    });

    it.each(['123456789', '1.2345', '123456789.1'])('more than 8 integer or 3 decimal digits: %p (METERING.READING_TOO_MANY_DIGITS)', (text) => {
      expect(codeOf(() => submit(aMeter(), text))).toBe('METERING.READING_TOO_MANY_DIGITS');
    });

    it('accepts the widest reading: 8 integer and 3 decimal digits, leading zeros not counted', () => {
      expect(submit(aMeter(), '99999999.999').reading.value).toBe('99999999.999');
      expect(submit(aMeter(), '000000012.5').reading.value).toBe('12.500');
    });

    it('a change to a reading the back office has accepted (METERING.READING_ALREADY_PROCESSED)', () => {
      const current = aReading({ value: '100', date: '2026-11-02', status: 'accepted' });
      expect(codeOf(() => submit(aMeter(), '101', { readings: [current], submissionId: 's-2' }))).toBe('METERING.READING_ALREADY_PROCESSED');
      expect(current.value).toBe('100.000');
    });

    it('puts the meter id in every row error, for the form', () => {
      expect(refusalOf(() => submit(aMeter({ meterId: 'm-hot', state: 'removed' }))).details.field).toBe('m-hot');
    });

    it('any reading from a meter loaded without its readings of this month: a programming error, never a skipped rule', () => {
      expect(() => aMeter().submitReading({ text: '1', now, source: 'site', submissionId: 's' })).toThrow(/m-cold was loaded without its readings of 2026-11/);
      const lastMonth = loadedWith(aMeter(), [], '2026-10');
      expect(() => lastMonth.submitReading({ text: '1', now, source: 'site', submissionId: 's' })).toThrow(/readings of 2026-11/);
    });
  });

  describe('previous reading', () => {
    it('is the later of the back office’s last reading and our own latest earlier one loaded with the meter', () => {
      const meter = aMeter({ lastReading: { value: '100', date: '2026-09-25', source: 'controller' } });
      expect(loadedWith(meter, [aReading({ value: '120', date: '2026-10-20' })]).previousReading('2026-11')?.value.toString()).toBe('120.000');
      expect(loadedWith(meter, [aReading({ value: '90', date: '2026-08-20' })]).previousReading('2026-11')?.value.toString()).toBe('100.000');
      expect(loadedWith(aMeter()).previousReading('2026-11')).toBeNull();
    });

    it('is never a rejected reading, nor one of this month, nor another meter’s', () => {
      const meter = loadedWith(aMeter({ lastReading: { value: '100', date: '2026-09-25', source: 'controller' } }), [
        aReading({ value: '120', date: '2026-10-20', status: 'rejected' }),
        aReading({ value: '130', date: '2026-11-02' }),
        aReading({ meterId: 'm-hot', value: '140', date: '2026-10-20' }),
      ]);
      expect(meter.previousReading('2026-11')?.value.toString()).toBe('100.000');
      expect(submit(meter, '100.5').reading.value).toBe('100.500');
    });

    it('does not count a back-office reading of this month as the previous one', () => {
      const meter = aMeter({ lastReading: { value: '100', date: '2026-11-02', source: 'site' } });
      expect(loadedWith(meter).previousReading('2026-11')).toBeNull();
      expect(submit(meter, '50').reading.value).toBe('50.000');
    });
  });

  describe('back-office facts', () => {
    it('are applied again without change, and carry the last reading', () => {
      const meter = aMeter({ lastReading: { value: '145.5', date: '2019-12-03', source: 'site' } });
      expect(meter.backOfficeReading()).toMatchObject({ date: '2019-12-03', source: 'site' });
      expect(meter.backOfficeReading()?.value.toDisplay()).toBe('00000145.500');
      meter.apply({ meterId: 'm-cold', contractNumber: '2666', accountNumber: '00009177', water: 'hot', factoryNumber: null, verificationDate: null, state: 'removed' }, now);
      expect(meter).toMatchObject({ water: 'hot', factoryNumber: null, state: 'removed', lastReadingValue: '145.500' });
      expect(meter.isWorking()).toBe(false);
    });
  });
});

describe('acceptsReadings (what read models ask of a meter)', () => {
  const working: MeterStanding = { id: 'm-cold', state: 'installed', factoryNumber: '12223773', verificationDate: '2030-09-10' };

  it('is true for a working meter with a factory number and a verification date not passed, up to that date itself', () => {
    expect(acceptsReadings(working, '2026-11-20', null)).toBe(true);
    expect(acceptsReadings({ ...working, verificationDate: null }, '2026-11-20', null)).toBe(true);
    expect(acceptsReadings({ ...working, verificationDate: '2026-11-20' }, '2026-11-20', null)).toBe(true);
  });

  it('is false exactly where submitReading refuses whatever is typed', () => {
    const cases: Array<[MeterStanding, string]> = [
      [{ ...working, state: 'removed' }, 'METERING.METER_REMOVED'],
      [{ ...working, factoryNumber: null }, 'METERING.NO_FACTORY_NUMBER'],
      [{ ...working, verificationDate: '2026-11-19' }, 'METERING.VERIFICATION_EXPIRED'],
    ];
    for (const [standing, code] of cases) {
      expect(acceptsReadings(standing, '2026-11-20', null)).toBe(false);
      const meter = aMeter({ meterId: standing.id, state: standing.state, factoryNumber: standing.factoryNumber, verificationDate: standing.verificationDate });
      expect(codeOf(() => submit(meter, '1'))).toBe(code);
    }
  });

  it('is false once this month’s reading is processed by the back office, true while it is pending or rejected', () => {
    expect(acceptsReadings(working, '2026-11-20', 'accepted')).toBe(false);
    expect(acceptsReadings(working, '2026-11-20', 'pending')).toBe(true);
    expect(acceptsReadings(working, '2026-11-20', 'rejected')).toBe(true);
  });
});

describe('Reading outcome', () => {
  it('marks the reading accepted or rejected with the reason, once; a stale submission changes nothing', () => {
    const { reading } = submit(aMeter(), '100');
    expect(reading.recordOutcome('s-old', 'accepted', null, now)).toBe(false);
    expect(reading.status).toBe('pending');
    expect(reading.recordOutcome('s-1', 'rejected', 'Показания не совпадают', now)).toBe(true);
    expect(reading.recordOutcome('s-1', 'rejected', 'Показания не совпадают', now)).toBe(false);
    expect(reading).toMatchObject({ status: 'rejected', rejectionReason: 'Показания не совпадают' });
  });
});
