import { formatCalendarDate, Locale } from './locale';

/**
 * The utility's local time, the one place that knows it. Kazakhstan has kept a single time zone,
 * UTC+05:00, since 1 March 2024 (the east, Pavlodar among it, was on UTC+06:00 before). The offset is
 * fixed here rather than taken from ICU's `Asia/Almaty`, which still answers +06:00 where the tzdata
 * predates 2024a: "today", "this month" and a moment shown to a subscriber are then the same on every
 * server, whatever its zone and its tzdata. The cabinet shows local times of the present only (when a
 * document was made, when a password changed), so moments before that date need no other offset.
 */
const OFFSET_MS = 5 * 3600 * 1000;

/** The local wall clock at `moment`, as "YYYY-MM-DDTHH:mm:ss.sss". */
function wallClockOf(moment: Date): string {
  return new Date(moment.getTime() + OFFSET_MS).toISOString().slice(0, 23);
}

/** "YYYY-MM-DD": the local date at the instant `moment` ("today" when it is now). */
export function localDateOf(moment: Date): string {
  return wallClockOf(moment).slice(0, 10);
}

/** "YYYY-MM": the local month at the instant `moment` (the period of readings and charges). */
export function localMonthOf(moment: Date): string {
  return wallClockOf(moment).slice(0, 7);
}

/** "YYYY-MM" `months` months after `period` (before it when negative): "2026-11" + 2 → "2027-01". */
export function addMonths(period: string, months: number): string {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (!match) throw new Error(`"${period}" is not a month (YYYY-MM)`);
  const index = Number(match[1]) * 12 + (Number(match[2]) - 1) + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The UTC hour and minute of a local time of day ("09:00" → { hour: 4, minute: 0 }), for schedules kept in UTC. */
export function utcTimeOfDay(localTime: string): { hour: number; minute: number } {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(localTime);
  if (!match) throw new Error(`"${localTime}" is not a time of day (HH:MM)`);
  const minutes = (Number(match[1]) * 60 + Number(match[2]) - OFFSET_MS / 60_000 + 24 * 60) % (24 * 60);
  return { hour: Math.floor(minutes / 60), minute: minutes % 60 };
}

/** "YYYY-MM-DD" `days` days after `date` (before it when negative): "2026-12-31" + 1 → "2027-01-01". */
export function addDays(date: string, days: number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`"${date}" is not a date (YYYY-MM-DD)`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days)).toISOString().slice(0, 10);
}

/** "2026-10-05" → "05.10.2026" (en: "05/10/2026"), a calendar date as pages, documents and e-mails show it. */
export function formatLocalDate(date: string, locale: Locale): string {
  return formatCalendarDate(date, locale);
}

/** "2026-11-25T08:00:00Z" → "25.11.2026 13:00" (en: "25/11/2026 13:00"): a moment in local time, to the minute. */
export function formatLocalMoment(moment: Date, locale: Locale): string {
  const local = wallClockOf(moment);
  return `${formatLocalDate(local.slice(0, 10), locale)} ${local.slice(11, 16)}`;
}
