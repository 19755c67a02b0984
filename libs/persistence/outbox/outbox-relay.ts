import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { Clock } from '@app/shared-kernel';

export const OUTBOX_QUEUES = Symbol('OUTBOX_QUEUES');
export const OUTBOX_RELAY_OPTIONS = Symbol('OUTBOX_RELAY_OPTIONS');

export interface OutboxRelayOptions {
  databaseUrl: string;
  batchSize: number;
  /** Poll interval when no notification arrives (notifications normally wake the relay at once). */
  pollIntervalMs: number;
  /**
   * After a notification, how long to let further commits gather before claiming, so that under load
   * they travel in one batch (one transaction and one round trip to Redis for many events rather than
   * one each). Each event leaves at most this much later; 0 claims at once.
   */
  gatherMs: number;
  /** Longest wait between retries while Redis is unreachable. */
  maxBackoffMs: number;
  /** Keep completed jobs this long so a job id is never reused for a second delivery. */
  keepCompletedSeconds: number;
  /** Keep failed jobs this long (staff look at them in Bull Board, then retention removes them). */
  keepFailedSeconds: number;
  /** A row that cannot be delivered is parked after this many attempts (OUTBOX_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** Wait after a row's first failed attempt, doubled after each further one (OUTBOX_RETRY_DELAY_MS). */
  retryDelayMs: number;
  /** Longest wait between two attempts of one row. */
  maxRetryDelayMs: number;
}

interface PendingRow {
  id: string;
  event_name: string;
  queue: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/** How long a row waits after its `attempts`-th failed attempt. */
export function outboxRetryDelayMs(attempts: number, options: Pick<OutboxRelayOptions, 'retryDelayMs' | 'maxRetryDelayMs'>): number {
  return Math.min(options.maxRetryDelayMs, options.retryDelayMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30));
}

/**
 * Moves outbox rows to BullMQ. Rows are claimed with FOR UPDATE SKIP LOCKED inside a transaction, added
 * to their queue with the event id as job id, and marked sent in that same transaction; when Redis
 * cannot be reached the transaction rolls back, the rows wait, and the relay retries with backoff.
 * A crash between the add and the commit re-adds the same job id, which BullMQ ignores: no event is
 * delivered twice, and several relays never claim the same row.
 *
 * A row that cannot be delivered while Redis is reachable (a queue this process does not know, e.g.
 * during a rolling deploy; a job Redis refuses) fails alone: its `attempts` and `last_error` are written,
 * it waits `outboxRetryDelayMs` before its next attempt while the other rows keep flowing, and after
 * `maxAttempts` it is parked (`parked_at`): staff see it on /admin/outbox and in /ready, and may send it
 * again (ParkedOutbox).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop: Promise<void> | undefined;
  private listener: Client | undefined;
  private wake: (() => void) | undefined;
  /** A notification came while no one was waiting for one (during a batch or a gathering pause). */
  private notifiedMeanwhile = false;
  /** Ends the gathering pause early: only stop() does. */
  private halt: (() => void) | undefined;
  private failures = 0;
  /** Events moved since start; read by tests, the benchmark and the metrics. */
  delivered = 0;
  /** Failed attempts of single rows since start (a row refused while Redis answered). */
  failedAttempts = 0;

  constructor(
    private readonly orm: MikroORM,
    @Inject(OUTBOX_QUEUES) private readonly queues: Map<string, Queue>,
    @Inject(OUTBOX_RELAY_OPTIONS) private readonly options: OutboxRelayOptions,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.listen();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    this.halt?.();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  /** LISTEN for the trigger's NOTIFY, delivered when a transaction that wrote outbox rows commits. */
  private async listen(): Promise<void> {
    while (this.running && !this.listener) {
      const client = new Client({ connectionString: this.options.databaseUrl });
      client.on('error', () => {
        if (this.listener === client) this.listener = undefined;
      });
      client.on('notification', () => {
        if (this.wake) this.wake();
        else this.notifiedMeanwhile = true;
      });
      try {
        await client.connect();
        await client.query('LISTEN outbox');
        this.listener = client;
      } catch (error) {
        await client.end().catch(() => undefined);
        this.logger.warn(`Outbox listener cannot connect, polling instead: ${(error as Error).message}`);
        await sleep(this.options.maxBackoffMs);
      }
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let moved = 0;
      // What was committed up to now is claimed by this batch; a notification from here on means more.
      this.notifiedMeanwhile = false;
      try {
        moved = await this.relayBatch();
        if (this.failures > 0) this.logger.log(`Outbox relay recovered after ${this.failures} failed attempts`);
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        const delay = Math.min(this.options.maxBackoffMs, 100 * 2 ** Math.min(this.failures, 10));
        if (this.failures === 1 || this.failures % 20 === 0) {
          this.logger.warn(`Outbox relay cannot deliver (attempt ${this.failures}), retrying in ${delay} ms: ${(error as Error).message}`);
        }
        await this.idle(delay);
        continue;
      }
      if (moved < this.options.batchSize) {
        const notified = this.notifiedMeanwhile || (await this.idle(this.options.pollIntervalMs));
        if (notified && this.options.gatherMs > 0) await this.gather(this.options.gatherMs);
      }
    }
  }

  /** Waits for a notification (true) or `ms` (false), whichever comes first. */
  private idle(ms: number): Promise<boolean> {
    if (!this.running) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(false), ms);
      const done = (notified: boolean): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve(notified);
      };
      this.wake = () => done(true);
    });
  }

  /** Lets commits gather for `ms`: notifications meanwhile change nothing, stop() ends it. */
  private gather(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.halt?.(), ms);
      this.halt = () => {
        clearTimeout(timer);
        this.halt = undefined;
        resolve();
      };
    });
  }

  /** Claims, delivers and marks one batch; returns how many rows it handled (delivered or failed). */
  async relayBatch(): Promise<number> {
    const em = this.orm.em.fork();
    const now = this.clock.now();
    return em.transactional(async (tx) => {
      const execute = <T>(sql: string, params: unknown[], method: 'all' | 'run' = 'run') =>
        tx.getConnection().execute(sql, params, method, tx.getTransactionContext()) as Promise<T>;
      const rows = await execute<PendingRow[]>(
        `select id, event_name, queue, payload, attempts from outbox_message
          where sent_at is null and parked_at is null and (next_attempt_at is null or next_attempt_at <= ?)
          order by created_at, id limit ? for update skip locked`,
        [now, this.options.batchSize],
        'all',
      );
      if (rows.length === 0) return 0;

      const delivered: PendingRow[] = [];
      const failed: { row: PendingRow; error: string }[] = [];
      const byQueue = new Map<string, PendingRow[]>();
      for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
      for (const [queueName, queueRows] of byQueue) {
        const queue = this.queues.get(queueName);
        if (!queue) {
          failed.push(...queueRows.map((row) => ({ row, error: `unknown queue "${queueName}"` })));
          continue;
        }
        try {
          await queue.addBulk(queueRows.map((row) => this.jobOf(row)));
          delivered.push(...queueRows);
        } catch (error) {
          // Redis away: nothing is the rows' fault; the transaction rolls back and the batch waits.
          if (!(await this.reachable(queue))) throw error;
          // Redis answers but refused something: find the rows it refuses, one at a time.
          for (const row of queueRows) {
            try {
              const job = this.jobOf(row);
              await queue.add(job.name, job.data, job.opts);
              delivered.push(row);
            } catch (rowError) {
              if (!(await this.reachable(queue))) throw rowError;
              failed.push({ row, error: (rowError as Error).message || String(rowError) });
            }
          }
        }
      }

      if (delivered.length > 0) {
        await execute(
          `update outbox_message set sent_at = ?, attempts = attempts + 1, next_attempt_at = null where id in (${delivered.map(() => '?').join(', ')})`,
          [now, ...delivered.map((row) => row.id)],
        );
      }
      for (const { row, error } of failed) {
        const attempts = row.attempts + 1;
        const parked = attempts >= this.options.maxAttempts;
        const nextAttemptAt = parked ? null : new Date(now.getTime() + outboxRetryDelayMs(attempts, this.options));
        await execute(`update outbox_message set attempts = ?, last_error = ?, next_attempt_at = ?, parked_at = ? where id = ?`, [
          attempts,
          error.slice(0, 2000),
          nextAttemptAt,
          parked ? now : null,
          row.id,
        ]);
        if (parked) this.logger.error(`Outbox row ${row.id} (${row.event_name}) parked after ${attempts} attempts: ${error}`);
        else if (attempts === 1) this.logger.warn(`Outbox row ${row.id} (${row.event_name}) not delivered, retrying with backoff: ${error}`);
      }
      this.delivered += delivered.length;
      this.failedAttempts += failed.length;
      return rows.length;
    });
  }

  private jobOf(row: PendingRow) {
    return {
      name: row.event_name,
      data: row.payload,
      opts: { jobId: row.id, removeOnComplete: { age: this.options.keepCompletedSeconds }, removeOnFail: { age: this.options.keepFailedSeconds } },
    };
  }

  /** Whether Redis answers this queue's connection now (a failed add was then the job's own). */
  private async reachable(queue: Queue): Promise<boolean> {
    try {
      const answer = await Promise.race([queue.count(), sleep(2000).then(() => 'timeout' as const)]);
      return answer !== 'timeout';
    } catch {
      return false;
    }
  }
}
