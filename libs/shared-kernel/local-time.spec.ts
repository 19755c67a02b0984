import { addDays, addMonths, utcTimeOfDay, formatLocalDate, formatLocalMoment, localDateOf, localMonthOf } from './local-time';

describe("the utility's local time (UTC+05:00, all of Kazakhstan since 1 March 2024)", () => {
  it('turns the date five hours after midnight UTC, across a month and a year', () => {
    expect(localDateOf(new Date('2026-12-31T18:59:59.999Z'))).toBe('2026-12-31');
    expect(localDateOf(new Date('2026-12-31T19:00:00Z'))).toBe('2027-01-01');
    expect(localDateOf(new Date('2026-12-31T19:30:00Z'))).toBe('2027-01-01');
    expect(localMonthOf(new Date('2026-12-31T19:30:00Z'))).toBe('2027-01');
    expect(localMonthOf(new Date('2026-11-30T20:00:00Z'))).toBe('2026-12');
    expect(localMonthOf(new Date('2026-11-30T18:00:00Z'))).toBe('2026-11');
  });

  it('knows 29 February of a leap year', () => {
    expect(localDateOf(new Date('2028-02-28T19:00:00Z'))).toBe('2028-02-29');
    expect(localDateOf(new Date('2028-02-29T18:59:00Z'))).toBe('2028-02-29');
    expect(localDateOf(new Date('2028-02-29T19:00:00Z'))).toBe('2028-03-01');
    expect(localDateOf(new Date('2027-02-28T19:00:00Z'))).toBe('2027-03-01');
  });

  it('shows a moment to the minute, and a date, as the cabinet prints them', () => {
    expect(formatLocalMoment(new Date('2026-11-25T08:00:00Z'), 'ru')).toBe('25.11.2026 13:00');
    expect(formatLocalMoment(new Date('2026-12-31T19:30:59Z'), 'ru')).toBe('01.01.2027 00:30');
    expect(formatLocalDate('2026-10-05', 'ru')).toBe('05.10.2026');
  });

  it('writes dates as each language does: Kazakh as Russian, English with slashes', () => {
    expect(formatLocalDate('2026-10-05', 'kk')).toBe('05.10.2026');
    expect(formatLocalDate('2026-10-05', 'en')).toBe('05/10/2026');
    expect(formatLocalMoment(new Date('2026-11-25T08:00:00Z'), 'kk')).toBe('25.11.2026 13:00');
    expect(formatLocalMoment(new Date('2026-11-25T08:00:00Z'), 'en')).toBe('25/11/2026 13:00');
  });

  it('counts months across years, both ways, and refuses what is not a month', () => {
    expect(addMonths('2026-11', 2)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect([utcTimeOfDay('09:00'), utcTimeOfDay('03:30'), utcTimeOfDay('00:00')]).toEqual([{ hour: 4, minute: 0 }, { hour: 22, minute: 30 }, { hour: 19, minute: 0 }]);
    expect([addDays('2026-12-31', 1), addDays('2027-03-01', -1), addDays('2028-03-01', -1), addDays('2026-11-20', 30)]).toEqual(['2027-01-01', '2027-02-28', '2028-02-29', '2026-12-20']);
    expect(addMonths('2026-10', -23)).toBe('2024-11');
    expect(addMonths('2026-10', 0)).toBe('2026-10');
    expect(() => addMonths('2026-13', 1)).toThrow('not a month');
  });

  it("answers the same whatever the server's time zone (no ICU zone, so no old tzdata's +06:00)", () => {
    const zone = process.env.TZ;
    const answers = () => [localDateOf(new Date('2026-12-31T19:30:00Z')), formatLocalMoment(new Date('2026-03-01T18:30:00Z'), 'ru')];
    try {
      const seen = ['UTC', 'Asia/Almaty', 'America/New_York', 'Pacific/Kiritimati'].map((tz) => {
        process.env.TZ = tz;
        return answers();
      });
      expect(seen).toEqual(Array(4).fill(['2027-01-01', '01.03.2026 23:30']));
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
