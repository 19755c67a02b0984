import { DomainError } from '@app/shared-kernel';
import { Reading } from './reading.entity';
import { ReadingValue } from './reading-value';
import { aMeter } from './meter.mother';

const now = new Date('2026-11-20T06:00:00Z'); // 11:00 in Kazakhstan

function submit(meter = aMeter(), text = '145.554', extra: Partial<Parameters<ReturnType<typeof aMeter>['submitReading']>[0]> = {}) {
  return meter.submitReading({ text, now, source: 'site', submissionId: 's-1', current: null, previous: null, ...extra });
}

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a DomainError, none was thrown');
}

describe('Meter', () => {
  describe('takes a reading', () => {
    it('creates this month’s reading, pending, from the site', () => {
      const reading = submit(aMeter(), '00000145.554');
      expect(reading).toMatchObject({ meterId: 'm-cold', contractNumber: '2666', period: '2026-11', value: '145.554', date: '2026-11-20', source: 'site', status: 'pending', submissionId: 's-1' });
      expect(reading.amount().toDisplay()).toBe('00000145.554');
    });

    it('takes the date in Kazakhstan (UTC+5): 20:00 UTC on the last day of a month is already the next month', () => {
      const reading = aMeter().submitReading({ text: '1', now: new Date('2026-11-30T20:00:00Z'), source: 'api', submissionId: 's', current: null, previous: null });
      expect(reading.date).toBe('2026-12-01');
      expect(reading.period).toBe('2026-12');
    });

    it('accepts a comma as the decimal separator and a reading equal to the previous one', () => {
      const previous = { value: ReadingValue.of('145.554'), date: '2026-10-20', source: 'site' };
      expect(submit(aMeter(), '145,554', { previous }).value).toBe('145.554');
    });

    it('corrects this month’s pending reading in place, with the new submission', () => {
      const first = submit(aMeter(), '100');
      const corrected = submit(aMeter(), '101.5', { current: first, submissionId: 's-2' });
      expect(corrected).toBe(first);
      expect(corrected).toMatchObject({ value: '101.500', submissionId: 's-2', status: 'pending' });
    });

    it('allows a new reading after the back office rejected this month’s one', () => {
      const first = submit(aMeter(), '100');
      first.recordOutcome('s-1', 'rejected', 'Показания не совпадают', now);
      const again = submit(aMeter(), '100.1', { current: first, submissionId: 's-2' });
      expect(again).toMatchObject({ status: 'pending', rejectionReason: null, value: '100.100' });
    });

    it('accepts a reading on the verification date itself', () => {
      expect(submit(aMeter({ verificationDate: '2026-11-20' })).value).toBe('145.554');
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

    it('a reading lower than the previous one (METERING.READING_BELOW_PREVIOUS), naming the previous value', () => {
      const previous = { value: ReadingValue.of('145.554'), date: '2026-10-20', source: 'site' };
      let error: DomainError | undefined;
      try {
        submit(aMeter(), '145.553', { previous });
      } catch (caught) {
        error = caught as DomainError;
      }
      expect(error?.code).toBe('METERING.READING_BELOW_PREVIOUS');
      expect(error?.details).toEqual({ field: 'm-cold', previous: '00000145.554' });
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
      expect(submit(aMeter(), '99999999.999').value).toBe('99999999.999');
      expect(submit(aMeter(), '000000012.5').value).toBe('12.500');
    });

    it('a change to a reading the back office has accepted (METERING.READING_ALREADY_PROCESSED)', () => {
      const first = submit(aMeter(), '100');
      first.recordOutcome('s-1', 'accepted', null, now);
      expect(codeOf(() => submit(aMeter(), '101', { current: first, submissionId: 's-2' }))).toBe('METERING.READING_ALREADY_PROCESSED');
      expect(first.value).toBe('100.000');
    });

    it('puts the meter id in every row error, for the form', () => {
      try {
        submit(aMeter({ meterId: 'm-hot', state: 'removed' }));
      } catch (error) {
        expect((error as DomainError).details.field).toBe('m-hot');
      }
      expect.assertions(1);
    });
  });

  describe('previous reading', () => {
    it('is the later of the back office’s last reading and our own latest earlier one, never a rejected one', () => {
      const meter = aMeter({ lastReading: { value: '100', date: '2026-09-25', source: 'controller' } });
      const own = Reading.create({ meterId: 'm-cold', contractNumber: '2666', value: ReadingValue.of('120'), date: '2026-10-20', source: 'site', submissionId: 's-0', at: now });
      expect(meter.previousReading('2026-11', own)?.value.toString()).toBe('120.000');
      own.recordOutcome('s-0', 'rejected', 'нет', now);
      expect(meter.previousReading('2026-11', own)?.value.toString()).toBe('100.000');
      expect(aMeter().previousReading('2026-11', null)).toBeNull();
    });

    it('does not count a back-office reading of this month as the previous one', () => {
      const meter = aMeter({ lastReading: { value: '100', date: '2026-11-02', source: 'site' } });
      expect(meter.previousReading('2026-11', null)).toBeNull();
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

describe('Reading outcome', () => {
  it('marks the reading accepted or rejected with the reason, once; a stale submission changes nothing', () => {
    const reading = submit(aMeter(), '100');
    expect(reading.recordOutcome('s-old', 'accepted', null, now)).toBe(false);
    expect(reading.status).toBe('pending');
    expect(reading.recordOutcome('s-1', 'rejected', 'Показания не совпадают', now)).toBe(true);
    expect(reading.recordOutcome('s-1', 'rejected', 'Показания не совпадают', now)).toBe(false);
    expect(reading).toMatchObject({ status: 'rejected', rejectionReason: 'Показания не совпадают' });
  });
});
