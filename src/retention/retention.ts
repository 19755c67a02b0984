import { Inject, Injectable, Logger } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { Client } from 'pg';
import { APP_CONFIG, AppConfig, RetentionSettings } from '@app/config';
import { ALL_QUEUES } from '@app/messaging';
import { Clock } from '@app/shared-kernel';

/** What one retention run removed. */
export interface RetentionReport {
  /** false: another worker's run held the lock, this one did nothing. */
  ran: boolean;
  outboxDelivered: number;
  inboundEvents: number;
  documentContents: number;
  documentRequests: number;
  mailParams: number;
  mailMessages: number;
  jobs: number;
}

/** The advisory lock that keeps retention runs of several workers from overlapping. */
const RETENTION_LOCK = 0x766b_7265; // "vkre"
/** Rows deleted per statement, so no run holds locks on a large table for long. */
const CHUNK = 5000;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Deletes what the cabinet no longer needs, by the periods of RetentionSettings counted back from the
 * Clock's now: delivered outbox rows (their payloads hold IIN/BIN and e-mail addresses), inbound event
 * ids past the back office's idempotency window, the PDFs of expired documents (and, later, their
 * requests), sealed e-mail parameters once a message is sent or given up (and, later, the messages), and
 * BullMQ's completed and failed jobs. One run at a time across all workers (a PostgreSQL advisory lock);
 * the job scheduler of RetentionProcessor starts it.
 */
@Injectable()
export class Retention {
  private readonly logger = new Logger(Retention.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly modules: ModuleRef,
  ) {}

  async run(settings: RetentionSettings = this.config.retention): Promise<RetentionReport> {
    const client = new Client({ connectionString: this.config.databaseUrl, application_name: 'vk-retention' });
    client.on('error', (error) => this.logger.warn(`Retention lost its PostgreSQL connection: ${error.message}`));
    await client.connect();
    try {
      const [{ locked }] = (await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [RETENTION_LOCK])).rows;
      if (!locked) return { ran: false, outboxDelivered: 0, inboundEvents: 0, documentContents: 0, documentRequests: 0, mailParams: 0, mailMessages: 0, jobs: 0 };
      try {
        return await this.sweep(client, settings);
      } finally {
        await client.query('select pg_advisory_unlock($1)', [RETENTION_LOCK]);
      }
    } finally {
      await client.end();
    }
  }

  private async sweep(client: Client, settings: RetentionSettings): Promise<RetentionReport> {
    const now = this.clock.now();
    const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
    const chunked = async (sql: string, params: unknown[]): Promise<number> => {
      let total = 0;
      for (;;) {
        const count = (await client.query(sql, [...params, CHUNK])).rowCount ?? 0;
        total += count;
        if (count < CHUNK) return total;
      }
    };
    const report: RetentionReport = {
      ran: true,
      outboxDelivered: await chunked(
        'delete from outbox_message where id in (select id from outbox_message where sent_at is not null and sent_at < $1 limit $2)',
        [before(settings.outboxDays)],
      ),
      inboundEvents: await chunked('delete from inbound_event where event_id in (select event_id from inbound_event where applied_at < $1 limit $2)', [before(settings.inboundDays)]),
      documentRequests: await chunked('delete from document_request where id in (select id from document_request where expires_at < $1 limit $2)', [before(settings.documentDays)]),
      documentContents: (await client.query('update document_request set content = null where content is not null and expires_at <= $1', [now])).rowCount ?? 0,
      mailMessages: await chunked('delete from mail_message where id in (select id from mail_message where created_at < $1 limit $2)', [before(settings.mailDays)]),
      mailParams: (await client.query(`update mail_message set sealed_params = null where sealed_params is not null and status in ('sent', 'failed')`)).rowCount ?? 0,
      jobs: await this.cleanJobs(settings),
    };
    this.logger.log({ ...report }, 'Retention run');
    return report;
  }

  /** BullMQ's finished jobs past their ages, on every queue (also those the back office added). */
  private async cleanJobs(settings: RetentionSettings): Promise<number> {
    let removed = 0;
    for (const name of ALL_QUEUES) {
      const queue = this.modules.get<Queue>(getQueueToken(name), { strict: false });
      removed += (await queue.clean(settings.jobsCompletedDays * DAY_MS, CHUNK, 'completed')).length;
      removed += (await queue.clean(settings.jobsFailedDays * DAY_MS, CHUNK, 'failed')).length;
    }
    return removed;
  }
}
