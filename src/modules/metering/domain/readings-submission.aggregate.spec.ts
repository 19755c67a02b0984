import { DomainError } from '@app/shared-kernel';
import { aMeter } from '../testing/meter.mother';
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
