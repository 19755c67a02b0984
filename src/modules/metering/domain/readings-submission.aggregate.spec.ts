import { DomainError } from '@app/shared-kernel';
import { aMeter } from '../testing/meter.mother';
import { Reading } from './reading.entity';
import { ReadingValue } from './reading-value';
import { ReadingsSubmission } from './readings-submission.aggregate';

function refusalOf(action: () => unknown): DomainError | null {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  return null;
}

describe('ReadingsSubmission: the single-meter confirmation (SPEC §2 rule 4)', () => {
  const cold = aMeter({ meterId: 'm-cold' });
  const hot = aMeter({ meterId: 'm-hot', water: 'hot' });
  const removed = aMeter({ meterId: 'm-old', state: 'removed', factoryNumber: null });

  const check = (enteredMeterIds: string[], contractMeters = [cold, hot, removed], confirmed = false) =>
    refusalOf(() => ReadingsSubmission.checkSingleMeterConfirmed({ enteredMeterIds, contractMeters, confirmed }));

  it('asks for a confirmation when readings are entered for only one of several working meters, naming it and the working count', () => {
    const error = check(['m-cold']);
    expect(error?.code).toBe('METERING.SINGLE_METER_CONFIRMATION_REQUIRED');
    expect(error?.details).toEqual({ meterId: 'm-cold', workingMeters: 2 });
  });

  it('takes them once the subscriber has confirmed', () => {
    expect(check(['m-cold'], [cold, hot], true)).toBeNull();
  });

  it('does not ask when the contract has one working meter: a removed one is not counted', () => {
    expect(check(['m-cold'], [cold, removed])).toBeNull();
  });

  it('does not ask when readings are entered for two meters or more', () => {
    expect(check(['m-cold', 'm-hot'])).toBeNull();
  });
});

describe('ReadingsSubmission: what a replay (the same idempotency key) answers', () => {
  it("gives each reading's status now: the verdict once it came, superseded once a later submission corrected it", () => {
    const at = new Date('2026-11-20T06:00:00Z');
    const submissionOf = (id: string, meterIds: string[]) => {
      const meters = meterIds.map((meterId) => aMeter({ meterId }));
      const readings = meters.map((meter) => Reading.create({ meterId: meter.id, contractNumber: '2666', value: ReadingValue.of('10'), date: '2026-11-20', source: 'api', submissionId: id, at }));
      const submission = ReadingsSubmission.record({ submissionId: id, contractNumber: '2666', idempotencyKey: `key-${id}`, fingerprint: '', source: 'api', at, readings: meters.map((meter, i) => ({ meter, reading: readings[i] })) });
      return { submission, readings };
    };
    const { submission, readings } = submissionOf('s-1', ['m-a', 'm-b', 'm-c']);
    expect(submission.statusesNow(readings).map((row) => row.status)).toEqual(['pending', 'pending', 'pending']);
    readings[0].recordOutcome('s-1', 'accepted', null, at);
    readings[1].recordOutcome('s-1', 'rejected', 'Фото не читается', at);
    // m-c corrected by another submission: its reading is no longer this submission's.
    expect(submission.statusesNow(readings.slice(0, 2)).map((row) => [row.meterId, row.status])).toEqual([
      ['m-a', 'accepted'],
      ['m-b', 'rejected'],
      ['m-c', 'superseded'],
    ]);
  });
});
