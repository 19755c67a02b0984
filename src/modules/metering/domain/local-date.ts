/**
 * Calendar dates of the utility: Kazakhstan keeps one time zone, UTC+5, so "today" and "this month" are
 * taken there, whatever the server's zone.
 */
const OFFSET_MS = 5 * 3600 * 1000;

/** "YYYY-MM-DD" in Kazakhstan at the instant `now`. */
export function localDateOf(now: Date): string {
  return new Date(now.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** "YYYY-MM", the month a reading taken on `date` belongs to. */
export function periodOf(date: string): string {
  return date.slice(0, 7);
}
