import { DomainError } from '@app/shared-kernel';
import { FixedClock } from '@app/shared-kernel/testing';
import { aContract } from '@modules/billing/testing/contract.mother';
import { aMeter } from '../../../testing/meter.mother';
import { InMemoryMetering } from '../../../testing/in-memory-metering.repositories';
import { SubmitReadings } from '../submit-readings/submit-readings.command';
import { SubmitReadingsHandler } from '../submit-readings/submit-readings.handler';
import { UpsertMeter } from '../upsert-meter/upsert-meter.command';
import { UpsertMeterHandler } from '../upsert-meter/upsert-meter.handler';
import { RecordReadingOutcome } from './record-reading-outcome.command';
import { RecordReadingOutcomeHandler } from './record-reading-outcome.handler';

describe('back-office commands', () => {
  const clock = new FixedClock(new Date('2026-11-20T06:00:00Z'));
  let store: InMemoryMetering;

  beforeEach(() => {
    store = new InMemoryMetering();
  });

  async function submit(value: string, key: string): Promise<string> {
    const handler = new SubmitReadingsHandler(store.meterRepository, store.readingRepository, store.submissionRepository, clock, store.knownReadingRepository);
    const result = await handler.execute(new SubmitReadings({ contractNumber: '2666', source: 'api', idempotencyKey: key, readings: [{ meterId: 'm-cold', value }], confirmSingleMeter: false }));
    store.commit();
    return result.submissionId;
  }

  describe('UpsertMeter', () => {
    const contract = aContract('legal', { contractNumber: '2666' });
    const payload = { meterId: 'm-1', contractNumber: '2666', accountNumber: contract.accounts[0].accountNumber, water: 'cold' as const, factoryNumber: '1', verificationDate: '2030-01-01', state: 'installed' as const, lastReading: { value: '10.5', date: '2026-10-01', source: 'controller' } };
    const upsert = (meter: UpsertMeter['payload']) => new UpsertMeterHandler(store.meterRepository, store.publishedReadingRepository, store.contractDirectory, clock).execute(new UpsertMeter(meter));

    beforeEach(() => {
      store.contracts.set(contract.contractNumber, contract);
    });

    it('creates the meter once and updates it by meterId', async () => {
      expect(await upsert(payload)).toEqual({ created: true });
      store.commit();
      expect(await upsert({ ...payload, state: 'removed' })).toEqual({ created: false });
      store.commit();
      expect(store.meters.size).toBe(1);
      expect(store.meters.get('m-1')).toMatchObject({ state: 'removed', lastReadingValue: '10.500', lastReadingSource: 'controller' });
    });

    it("keeps each reading the back office publishes, by date, with the meter's factory number of the time", async () => {
      await upsert(payload);
      await upsert({ ...payload, lastReading: { value: '22', date: '2026-11-01', source: 'controller' } });
      // The meter replaced: a new factory number and a reading of the new counter.
      await upsert({ ...payload, factoryNumber: '2', lastReading: { value: '0.4', date: '2026-12-01', source: 'office' } });
      // Published again as it was: the same reading; and a meter.upserted without a reading.
      await upsert({ ...payload, factoryNumber: '2', lastReading: { value: '0.400', date: '2026-12-01', source: 'office' } });
      await upsert({ ...payload, factoryNumber: '2', lastReading: undefined });
      store.commit();
      expect([...store.publishedReadings.values()].map((reading) => [reading.date, reading.value, reading.source, reading.factoryNumber])).toEqual([
        ['2026-10-01', '10.500', 'controller', '1'],
        ['2026-11-01', '22.000', 'controller', '1'],
        ['2026-12-01', '0.400', 'office', '2'],
      ]);
    });

    it("refuses a meter on a personal account that is not its contract's (Billing's rule), naming the field", async () => {
      await expect(upsert({ ...payload, accountNumber: '2' })).rejects.toMatchObject({
        code: 'BILLING.ACCOUNT_NOT_IN_CONTRACT',
        message: 'personal account 2 is not an account of contract 2666',
        details: expect.objectContaining({ field: 'accountNumber' }),
      });
      store.commit();
      expect(store.meters.size).toBe(0);
    });

    it('refuses a meter of a contract not known (yet) with the code the back-office processor retries on', async () => {
      await expect(upsert({ ...payload, contractNumber: '9999' })).rejects.toMatchObject({ code: 'BILLING.CONTRACT_NOT_FOUND', details: expect.objectContaining({ contractNumber: '9999' }) });
      store.commit();
      expect(store.meters.size).toBe(0);
    });
  });

  describe('RecordReadingOutcome', () => {
    it('marks the reading of that submission accepted or rejected, idempotently, and ignores a superseded submission', async () => {
      store.meters.set('m-cold', aMeter());
      const handler = new RecordReadingOutcomeHandler(store.readingRepository, store.submissionRepository, clock);
      const first = await submit('100', 'a');
      const second = await submit('101', 'b');
      expect(await handler.execute(new RecordReadingOutcome({ submissionId: first, meterId: 'm-cold', status: 'accepted' }))).toBe('superseded');
      expect(store.readings[0].status).toBe('pending');
      expect(await handler.execute(new RecordReadingOutcome({ submissionId: second, meterId: 'm-cold', status: 'rejected', reason: 'Нет доступа к прибору' }))).toBe('recorded');
      expect(await handler.execute(new RecordReadingOutcome({ submissionId: second, meterId: 'm-cold', status: 'rejected', reason: 'Нет доступа к прибору' }))).toBe('unchanged');
      expect(store.readings[0]).toMatchObject({ status: 'rejected', rejectionReason: 'Нет доступа к прибору' });
    });

    it('fails for an unknown submission or meter', async () => {
      const handler = new RecordReadingOutcomeHandler(store.readingRepository, store.submissionRepository, clock);
      await expect(handler.execute(new RecordReadingOutcome({ submissionId: '00000000-0000-4000-8000-000000000000', meterId: 'm', status: 'accepted' }))).rejects.toThrow(DomainError);
    });
  });
});
