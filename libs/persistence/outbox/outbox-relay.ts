import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';

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
}

interface PendingRow {
  id: string;
  event_name: string;
  queue: string;
  payload: Record<string, unknown>;
}

/**
 * Moves outbox rows to BullMQ. Rows are claimed with FOR UPDATE SKIP LOCKED inside a transaction, added
 * to their queue with the event id as job id, and marked sent in that same transaction; when the queue
 * cannot be reached the transaction rolls back, the rows wait, and the relay retries with backoff.
 * A crash between the add and the commit re-adds the same job id, which BullMQ ignores: no event is
 * delivered twice, and several relays never claim the same row.
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
  /** Events moved since start; read by tests and the benchmark. */
  delivered = 0;

  constructor(
    private readonly orm: MikroORM,
    @Inject(OUTBOX_QUEUES) private readonly queues: Map<string, Queue>,
    @Inject(OUTBOX_RELAY_OPTIONS) private readonly options: OutboxRelayOptions,
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

  /** Claims, delivers and marks one batch; returns how many rows it moved. */
  async relayBatch(): Promise<number> {
    const em = this.orm.em.fork();
    return em.transactional(async (tx) => {
      const rows = (await tx.getConnection().execute(
        `select id, event_name, queue, payload from outbox_message
          where sent_at is null order by created_at, id limit ? for update skip locked`,
        [this.options.batchSize],
        'all',
        tx.getTransactionContext(),
      )) as PendingRow[];
      if (rows.length === 0) return 0;

      const byQueue = new Map<string, PendingRow[]>();
      for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
      for (const [queueName, queueRows] of byQueue) {
        const queue = this.queues.get(queueName);
        if (!queue) throw new Error(`Outbox row for unknown queue "${queueName}"`);
        await queue.addBulk(
          queueRows.map((row) => ({
            name: row.event_name,
            data: row.payload,
            opts: { jobId: row.id, removeOnComplete: { age: this.options.keepCompletedSeconds }, removeOnFail: false },
          })),
        );
      }
      await tx.getConnection().execute(
        `update outbox_message set sent_at = now(), attempts = attempts + 1 where id in (${rows.map(() => '?').join(', ')})`,
        rows.map((row) => row.id),
        'run',
        tx.getTransactionContext(),
      );
      this.delivered += rows.length;
      return rows.length;
    });
  }
}
