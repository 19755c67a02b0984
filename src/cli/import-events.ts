/**
 * Puts a file of back-office events onto the inbound queue, the same way the back office does, and
 * waits for the worker to apply them:
 *   npm run import -- events.json [--timeout=<seconds>]
 * The file is a JSON array of { "type": "<event type>", "payload": { … }, "id"?: "<event id>" }.
 * The job id is the event id (or a hash of type and payload), so importing a file again applies nothing
 * twice; an event that failed before is retried. Exits 1 when any event failed.
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Job, Queue } from 'bullmq';
import { loadConfigOrExit } from '@app/config';
import { bullPrefix, QUEUES, redisOptionsFromUrl } from '@app/messaging';

interface FileEvent {
  id?: string;
  type: string;
  payload: unknown;
}

/** Retries and backoff every producer should set (docs/integration.md). */
export const PRODUCER_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: false,
} as const;

/** Stable JSON (sorted keys), so that the same event always hashes to the same id. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function eventIdOf(event: FileEvent): string {
  return event.id ?? `evt-${createHash('sha256').update(`${event.type}\n${canonical(event.payload)}`).digest('hex').slice(0, 32)}`;
}

function readEvents(file: string): FileEvent[] {
  const parsed: unknown = JSON.parse(readFileSync(resolve(file), 'utf8'));
  const list = Array.isArray(parsed) ? parsed : (parsed as { events?: unknown }).events;
  if (!Array.isArray(list)) throw new Error(`${file}: expected a JSON array of { type, payload, id? }`);
  return list.map((entry, index) => {
    const event = entry as FileEvent;
    if (!event || typeof event.type !== 'string' || !('payload' in event)) throw new Error(`${file}: event #${index + 1} has no "type" and "payload"`);
    if (event.id !== undefined && (typeof event.id !== 'string' || /^\d+$/.test(event.id))) throw new Error(`${file}: event #${index + 1}: "id" must be a string that is not only digits`);
    return event;
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find((arg) => !arg.startsWith('--'));
  const timeoutArg = args.find((arg) => arg.startsWith('--timeout='));
  if (!file) throw new Error('Usage: npm run import -- <events.json> [--timeout=<seconds>]');
  const timeoutMs = (timeoutArg ? Number(timeoutArg.slice('--timeout='.length)) : 300) * 1000;
  const events = readEvents(file);
  const config = loadConfigOrExit();
  const queue = new Queue(QUEUES.BACKOFFICE_INBOUND, { connection: redisOptionsFromUrl(config.redisUrl), prefix: bullPrefix(config.redisPrefix) });

  try {
    const ids = events.map(eventIdOf);
    if (new Set(ids).size !== ids.length) throw new Error(`${file}: two events have the same id (or the same type and payload)`);
    // An event that failed in an earlier import is retried; one already applied stays as it is.
    for (const id of ids) {
      const existing = await Job.fromId(queue, id);
      if (existing && (await existing.isFailed())) await existing.retry('failed');
    }
    for (let start = 0; start < events.length; start += 500) {
      const chunk = events.slice(start, start + 500);
      await queue.addBulk(chunk.map((event, index) => ({ name: event.type, data: event.payload, opts: { ...PRODUCER_JOB_OPTIONS, jobId: ids[start + index] } })));
    }
    process.stdout.write(`Queued ${events.length} event(s) from ${file} on ${QUEUES.BACKOFFICE_INBOUND}; waiting for the worker to apply them…\n`);

    const bar = new SingleBar({ format: 'Applying [{bar}] {value}/{total} events | failed: {failed}', noTTYOutput: true, notTTYSchedule: 2000, stream: process.stdout });
    bar.start(events.length, 0, { failed: 0 });
    const pending = new Set(ids);
    const applied: string[] = [];
    const duplicates: string[] = [];
    /** Skipped: their entity already had that revision or a newer one (docs/integration.md, «Order»). */
    const stale: Array<{ id: string; type: string; reason: string }> = [];
    const failed: Array<{ id: string; type: string; reason: string }> = [];
    const started = Date.now();
    let lastProgress = Date.now();
    let warned = false;
    while (pending.size > 0 && Date.now() - started < timeoutMs) {
      const batch = [...pending].slice(0, 200);
      const jobs = await Promise.all(batch.map((id) => Job.fromId(queue, id)));
      for (const [index, job] of jobs.entries()) {
        const id = batch[index];
        if (!job) continue;
        if (job.finishedOn && job.failedReason && (await job.isFailed())) {
          failed.push({ id, type: job.name, reason: job.failedReason });
        } else if (job.finishedOn && (await job.isCompleted())) {
          const result = job.returnvalue as { status?: string; reason?: string } | null;
          if (result?.status === 'stale') stale.push({ id, type: job.name, reason: result.reason ?? '' });
          else (result?.status === 'duplicate' ? duplicates : applied).push(id);
        } else continue;
        pending.delete(id);
        lastProgress = Date.now();
      }
      bar.update(events.length - pending.size, { failed: failed.length });
      if (!warned && Date.now() - lastProgress > 15_000) {
        warned = true;
        process.stdout.write(`\nNo progress for 15 s: is the worker running (npm run start:worker) with REDIS_PREFIX=${config.redisPrefix}?\n`);
      }
      if (pending.size > 0) await new Promise((done) => setTimeout(done, 250));
    }
    bar.stop();

    process.stdout.write(`\nApplied: ${applied.length + duplicates.length}${duplicates.length ? ` (${duplicates.length} already applied before)` : ''}\n`);
    const order = new Map(ids.map((id, index) => [id, index]));
    if (stale.length > 0) {
      process.stdout.write(`Stale: ${stale.length} (skipped: a newer revision of the same entity was applied)\n`);
      for (const skipped of stale.sort((a, b) => order.get(a.id)! - order.get(b.id)!).slice(0, 20)) {
        process.stdout.write(`  #${order.get(skipped.id)! + 1} ${skipped.type} (${skipped.id}): ${skipped.reason}\n`);
      }
    }
    process.stdout.write(`Failed: ${failed.length}\n`);
    for (const failure of failed.sort((a, b) => order.get(a.id)! - order.get(b.id)!)) {
      process.stdout.write(`  #${order.get(failure.id)! + 1} ${failure.type} (${failure.id}): ${failure.reason}\n`);
    }
    if (pending.size > 0) process.stdout.write(`Still waiting after ${timeoutMs / 1000} s: ${pending.size} (see the Bull Board, queue ${QUEUES.BACKOFFICE_INBOUND})\n`);
    process.exitCode = failed.length > 0 || pending.size > 0 ? 1 : 0;
  } finally {
    await queue.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
