import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@app/config';
import { keepJobScheduler, QUEUES } from '@app/messaging';
import { Commands } from '@app/persistence';
import { utcTimeOfDay } from '@app/shared-kernel';
import { SendVerificationReminders, SendVerificationRemindersResult } from '../../application/commands/send-verification-reminders/send-verification-reminders.command';

/** The job scheduler's id and the name of the jobs it makes. */
export const VERIFICATION_REMINDERS_SCHEDULER = 'verification-reminders';
export const VERIFICATION_REMINDERS_JOB = 'verification-reminders.send';

/** The cron pattern (UTC) of a local time of day: "09:00" (UTC+05:00) → "0 4 * * *". */
export function dailyPatternAt(localTime: string): string {
  const { hour, minute } = utcTimeOfDay(localTime);
  return `${minute} ${hour} * * *`;
}

/**
 * Keeps the daily job scheduler of the verification reminders on the `scheduled` queue, at
 * VERIFICATION_REMINDERS_AT local time. Every worker upserts the same scheduler at start, so there is
 * one whatever their number, and a changed time replaces the old one; BullMQ makes one job per day.
 */
@Injectable()
export class VerificationRemindersScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(VerificationRemindersScheduler.name);

  constructor(
    @InjectQueue(QUEUES.SCHEDULED) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private stopped = false;

  onApplicationBootstrap(): void {
    const pattern = dailyPatternAt(this.config.verificationRemindersAt);
    // Never holds the worker's start up: while Redis is away it is tried again until it is kept.
    void keepJobScheduler(this.queue, VERIFICATION_REMINDERS_SCHEDULER, { pattern, tz: 'UTC' }, { name: VERIFICATION_REMINDERS_JOB, data: {} }, () => this.stopped, (error) =>
      this.logger.warn(`Could not keep the verification reminders' schedule (${pattern} UTC) yet, trying again: ${error.message}`),
    );
  }

  onApplicationShutdown(): void {
    this.stopped = true;
  }
}

/** Runs SendVerificationReminders for each of the scheduler's jobs (any worker; the ledger keeps each reminder to one e-mail). */
@Processor(QUEUES.SCHEDULED)
export class VerificationRemindersProcessor extends WorkerHost {
  constructor(private readonly commands: Commands) {
    super();
  }

  async process(job: Job): Promise<SendVerificationRemindersResult> {
    if (job.name !== VERIFICATION_REMINDERS_JOB) throw new UnrecoverableError(`Unknown scheduled job ${job.name}`);
    return this.commands.execute<SendVerificationRemindersResult>(new SendVerificationReminders());
  }
}
