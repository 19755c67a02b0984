/**
 * Writes the demo's back-office events for today (or `--today=YYYY-MM-DD`) as an import file:
 *   node scripts/start.js cli demo-events <file.json> [--today=YYYY-MM-DD]
 * then `npm run import -- <file.json>` puts them on the inbound queue, as the back office would
 * (scripts/demo.sh does both). The months are relative to today (docs/demo-data.md), so the demo shows
 * the last closed months whatever the day; demo/events.json stays the fixed example of the docs.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { localDateOf, SystemClock } from '@app/shared-kernel';
import { demoEvents } from './demo/demo-events';

function main(): void {
  const args = process.argv.slice(2);
  const file = args.find((arg) => !arg.startsWith('--'));
  const todayArg = args.find((arg) => arg.startsWith('--today='))?.slice('--today='.length);
  if (!file) throw new Error('Usage: node scripts/start.js cli demo-events <file.json> [--today=YYYY-MM-DD]');
  if (todayArg !== undefined && !/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(todayArg)) throw new Error(`--today must be a date YYYY-MM-DD, got "${todayArg}"`);
  const today = todayArg ?? localDateOf(new SystemClock().now());
  const events = demoEvents(today);
  writeFileSync(resolve(file), `${JSON.stringify(events, null, 2)}\n`);
  process.stdout.write(`${events.length} demo events for ${today} written to ${file}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
