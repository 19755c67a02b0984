import { reminderDue, verificationStanding } from './verification-reminder';

const meter = (verificationDate: string | null, state: 'installed' | 'removed' = 'installed') => ({ verificationDate, state });

describe('a meter near its verification date', () => {
  it('has a notice from 30 days before the date, on the date, and once it has passed', () => {
    expect(verificationStanding(meter('2026-12-21'), '2026-11-20')).toBeNull();
    expect(verificationStanding(meter('2026-12-20'), '2026-11-20')).toBe('soon');
    expect(verificationStanding(meter('2026-11-21'), '2026-11-20')).toBe('soon');
    expect(verificationStanding(meter('2026-11-20'), '2026-11-20')).toBe('today');
    expect(verificationStanding(meter('2026-11-19'), '2026-11-20')).toBe('overdue');
  });

  it('has none when removed or without a date', () => {
    expect(verificationStanding(meter('2026-11-25', 'removed'), '2026-11-20')).toBeNull();
    expect(verificationStanding(meter(null), '2026-11-20')).toBeNull();
  });

  it('is reminded 30 days before (up to the day before), and on the date (up to 3 days late)', () => {
    const on = (today: string) => reminderDue(meter('2026-12-20'), today);
    expect([on('2026-11-19'), on('2026-11-20'), on('2026-12-19'), on('2026-12-20'), on('2026-12-23'), on('2026-12-24')]).toEqual([null, 'advance', 'advance', 'due', 'due', null]);
    expect(reminderDue(meter('2026-12-20', 'removed'), '2026-11-20')).toBeNull();
    expect(reminderDue(meter(null), '2026-11-20')).toBeNull();
  });
});
