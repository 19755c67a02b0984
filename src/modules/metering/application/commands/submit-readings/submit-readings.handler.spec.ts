import { DomainError, DomainErrors } from '@app/shared-kernel';
import { FixedClock } from '@app/shared-kernel/testing';
import { PublishedReading } from '../../../domain/published-reading';
import { aMeter } from '../../../testing/meter.mother';
import { InMemoryMetering } from '../../../testing/in-memory-metering.repositories';
import { SubmitReadings, SubmitReadingsResult } from './submit-readings.command';
import { SubmitReadingsHandler } from './submit-readings.handler';

describe('SubmitReadings', () => {
  let store: InMemoryMetering;
  let clock: FixedClock;
  let handler: SubmitReadingsHandler;

  beforeEach(() => {
    store = new InMemoryMetering();
    clock = new FixedClock(new Date('2026-11-20T06:00:00Z'));
    handler = new SubmitReadingsHandler(store.meterRepository, store.readingRepository, store.submissionRepository, clock, store.knownReadingRepository);
    for (const meter of [
      aMeter({ meterId: 'm-1', water: 'cold', lastReading: { value: '100', date: '2026-10-20', source: 'site' } }),
      aMeter({ meterId: 'm-2', water: 'hot', factoryNumber: '555' }),
      aMeter({ meterId: 'm-3', factoryNumber: null, state: 'removed' }),
      aMeter({ meterId: 'x-1', contractNumber: 'other' }),
    ]) store.meters.set(meter.id, meter);
  });

  async function run(readings: Array<{ meterId: string; value: string }>, options: { key?: string; confirm?: boolean; unusual?: boolean; source?: 'site' | 'api' } = {}): Promise<SubmitReadingsResult> {
    try {
      const result = await handler.execute(
        new SubmitReadings({ contractNumber: '2666', source: options.source ?? 'site', idempotencyKey: options.key ?? 'k-1', readings, confirmSingleMeter: options.confirm ?? false, confirmUnusual: options.unusual }),
      );
      store.commit();
      return result;
    } catch (error) {
      store.rollback();
      throw error;
    }
  }

  async function refusal(readings: Array<{ meterId: string; value: string }>, options: { key?: string; confirm?: boolean; unusual?: boolean } = {}): Promise<DomainError> {
    try {
      await run(readings, options);
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
    throw new Error('expected a refusal');
  }

  it('saves every entered reading and raises one readings.submitted with meter facts and the source', async () => {
    const result = await run([{ meterId: 'm-1', value: '145.554' }, { meterId: 'm-2', value: '7' }, { meterId: 'm-3', value: '' }], { source: 'site' });
    expect(result).toMatchObject({ replayed: false, changed: true });
    expect(store.readings.map((r) => [r.meterId, r.value, r.source, r.status])).toEqual([
      ['m-1', '145.554', 'site', 'pending'],
      ['m-2', '7.000', 'site', 'pending'],
    ]);
    expect(store.committedEvents).toEqual([
      {
        eventName: 'readings.submitted',
        payload: {
          submissionId: result.submissionId,
          contractNumber: '2666',
          submittedAt: '2026-11-20T06:00:00.000Z',
          source: 'site',
          readings: [
            { meterId: 'm-1', factoryNumber: '12223773', water: 'cold', value: '145.554', date: '2026-11-20' },
            { meterId: 'm-2', factoryNumber: '555', water: 'hot', value: '7.000', date: '2026-11-20' },
          ],
        },
      },
    ]);
  });

  it('is all or nothing: any refused row saves nothing, and every refused row has its error', async () => {
    const error = await refusal([
      { meterId: 'm-1', value: '99' },
      { meterId: 'm-2', value: '5' },
      { meterId: 'm-3', value: '1' },
    ]);
    expect(error).toBeInstanceOf(DomainErrors);
    expect(error.code).toBe('METERING.SUBMISSION_REFUSED');
    expect((error as DomainErrors).errors.map((e) => [e.details.field, e.code])).toEqual([
      ['m-1', 'METERING.READING_BELOW_PREVIOUS'],
      ['m-3', 'METERING.METER_REMOVED'],
    ]);
    expect(store.readings).toEqual([]);
    expect(store.committedEvents).toEqual([]);
  });

  it('refuses a meter of another contract as not found', async () => {
    const error = (await refusal([{ meterId: 'x-1', value: '1' }, { meterId: 'm-1', value: '200' }])) as DomainErrors;
    expect(error.errors.map((e) => e.code)).toEqual(['METERING.METER_NOT_FOUND']);
  });

  it('refuses an empty submission', async () => {
    expect((await refusal([{ meterId: 'm-1', value: ' ' }])).code).toBe('METERING.NOTHING_ENTERED');
  });

  it('asks for a confirmation when only one of several working meters is filled, and registers nothing without it', async () => {
    const error = await refusal([{ meterId: 'm-1', value: '150' }]);
    expect(error.code).toBe('METERING.SINGLE_METER_CONFIRMATION_REQUIRED');
    expect(store.readings).toEqual([]);
    await run([{ meterId: 'm-1', value: '150' }], { confirm: true });
    expect(store.readings).toHaveLength(1);
    expect(store.committedEvents).toHaveLength(1);
  });

  it('does not ask for a confirmation when the contract has one working meter', async () => {
    store.meters.delete('m-2');
    await run([{ meterId: 'm-1', value: '150' }]);
    expect(store.readings).toHaveLength(1);
  });

  it('returns the original result for a retry with the same key, with no second reading or event', async () => {
    const rows = [{ meterId: 'm-1', value: '150' }, { meterId: 'm-2', value: '3' }];
    const first = await run(rows, { key: 'same' });
    const again = await run(rows, { key: 'same' });
    expect(again).toMatchObject({ submissionId: first.submissionId, replayed: true });
    expect(store.readings).toHaveLength(2);
    expect(store.committedEvents).toHaveLength(1);
  });

  it('refuses the same key with different values', async () => {
    await run([{ meterId: 'm-1', value: '150' }, { meterId: 'm-2', value: '3' }], { key: 'same' });
    expect((await refusal([{ meterId: 'm-1', value: '151' }, { meterId: 'm-2', value: '3' }], { key: 'same' })).code).toBe('METERING.IDEMPOTENCY_KEY_CONFLICT');
  });

  it('corrects this month’s reading in place with a new submission; unchanged values raise nothing', async () => {
    const first = await run([{ meterId: 'm-1', value: '150' }, { meterId: 'm-2', value: '3' }], { key: 'a' });
    const second = await run([{ meterId: 'm-1', value: '151' }, { meterId: 'm-2', value: '3' }], { key: 'b' });
    expect(second.submissionId).not.toBe(first.submissionId);
    expect(store.readings.map((r) => [r.meterId, r.value, r.submissionId])).toEqual([
      ['m-1', '151.000', second.submissionId],
      ['m-2', '3.000', first.submissionId],
    ]);
    expect(store.committedEvents.map((e) => (e.payload as { readings: unknown[] }).readings.length)).toEqual([2, 1]);
    const third = await run([{ meterId: 'm-1', value: '151' }, { meterId: 'm-2', value: '3.000' }], { key: 'c' });
    expect(third).toMatchObject({ changed: false });
    expect(store.committedEvents).toHaveLength(2);
  });

  it('compares with our own reading of an earlier month', async () => {
    await run([{ meterId: 'm-1', value: '150' }, { meterId: 'm-2', value: '3' }], { key: 'a' });
    clock.set(new Date('2026-12-05T06:00:00Z'));
    const error = (await refusal([{ meterId: 'm-1', value: '149' }, { meterId: 'm-2', value: '4' }], { key: 'b' })) as DomainErrors;
    expect(error.errors.map((e) => [e.code, e.details.previous])).toEqual([['METERING.READING_BELOW_PREVIOUS', '00000150.000']]);
  });

  describe('an unusual consumption', () => {
    beforeEach(() => {
      // m-1's back-office readings of July to October: 5 m³ a month, 100 in October.
      for (const [date, value] of [['2026-06-20', '80'], ['2026-07-20', '85'], ['2026-08-20', '90'], ['2026-09-20', '95'], ['2026-10-20', '100']]) {
        const reading = PublishedReading.of({ meterId: 'm-1', date, value, source: 'controller', factoryNumber: null, at: clock.now() });
        store.publishedReadings.set(`m-1/${date}`, reading);
      }
    });

    it('is asked about with its figures, and nothing is registered without the confirmation', async () => {
      const error = (await refusal([{ meterId: 'm-1', value: '130' }, { meterId: 'm-2', value: '3' }])) as DomainErrors;
      expect(error.code).toBe('METERING.UNUSUAL_CONSUMPTION');
      expect(error.errors.map((e) => e.details)).toEqual([{ field: 'm-1', factoryNumber: '12223773', consumption: '30.000', average: '5.000', ratio: '6.0', months: 4 }]);
      expect(store.readings).toEqual([]);
      await run([{ meterId: 'm-1', value: '130' }, { meterId: 'm-2', value: '3' }], { unusual: true });
      expect(store.readings.map((r) => r.value)).toEqual(['130.000', '3.000']);
    });

    it('is not asked about for a usual one, nor after the refusals of the rows', async () => {
      await run([{ meterId: 'm-1', value: '114' }, { meterId: 'm-2', value: '3' }]);
      expect(store.readings).toHaveLength(2);
      const error = (await refusal([{ meterId: 'm-1', value: '99' }, { meterId: 'm-2', value: '3' }], { key: 'b' })) as DomainErrors;
      expect(error.code).toBe('METERING.SUBMISSION_REFUSED');
    });
  });
});
