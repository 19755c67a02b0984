const FORMAT = new Intl.DateTimeFormat('ru-RU', {
  timeZone: 'Asia/Almaty',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** A moment as the notice e-mails give it, in Kazakhstan's time: «25.11.2026, 18:05». */
export function formatMoment(date: Date): string {
  return FORMAT.format(date);
}
