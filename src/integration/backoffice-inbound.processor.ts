import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { ICommand } from '@nestjs/cqrs';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { DomainError } from '@app/shared-kernel';
import { BackofficeEventValidator, InboundEventType, InboundPayloads, QUEUES } from '@app/messaging';
import { Commands, runsOnPlainSql, UnitOfWork } from '@app/persistence';
import { OpenBalance, PublishCharges, RecordPayment, UpsertContract } from '@modules/billing';
import { RecordReadingOutcome, UpsertMeter } from '@modules/metering';
import { BackofficeInboundOptions } from './backoffice-inbound.options';
import { InboundEventLedger } from './inbound-event-ledger';
import { revisionClaimOf, staleReason } from './inbound-ordering';
import { InboundRevisions } from './inbound-revisions';

/** The command each event type is applied with, built from the event's payload. */
const COMMAND_OF: { [T in InboundEventType]: new (payload: InboundPayloads[T]) => ICommand } = {
  'contract.upserted': UpsertContract,
  'charges.published': PublishCharges,
  'payment.recorded': RecordPayment,
  'balance.opened': OpenBalance,
  'meter.upserted': UpsertMeter,
  'reading.processed': RecordReadingOutcome,
};

export const BACKOFFICE_INBOUND_OPTIONS = Symbol('BACKOFFICE_INBOUND_OPTIONS');

/** The event refers to a contract the cabinet does not know yet: it may simply have arrived first. */
export class ContractNotKnown extends Error {
  constructor(readonly contractNumber: string) {
    super(`contract ${contractNumber} is not known (yet): its contract.upserted has not been applied`);
    this.name = 'ContractNotKnown';
  }
}

export interface InboundJobResult {
  /** stale: skipped, its entity already had a newer revision (reason says which); docs/integration.md, «Order». */
  status: 'applied' | 'duplicate' | 'stale';
  reason?: string;
}

/** A valid event waiting for the next batch, and how to answer its job. */
interface PendingEvent {
  eventId: string | undefined;
  type: InboundEventType;
  payload: InboundPayloads[InboundEventType];
  done(result: InboundJobResult): void;
  fail(error: unknown): void;
}

/** Producer-given job ids are the event ids; BullMQ's own ids are integers (and custom ones never are). */
function eventIdOf(job: Job): string | undefined {
  return job.id && !/^\d+$/.test(job.id) ? job.id : undefined;
}

/**
 * Applies the back office's events (SPEC §4, queue backoffice-inbound) through the owning context's
 * commands, in batches: the valid events that arrive while one batch is being applied (at most
 * BACKOFFICE_BATCH) are applied together in the next transaction, one command after another, so that the
 * commit and the event-id check are paid once per batch, not once per event. When anything in a batch
 * fails, nothing of it is kept and each of its events is applied again in a transaction of its own, so every
 * job gets exactly the outcome it would have had alone:
 * - validated in full against the committed JSON Schema first; an invalid event fails at once
 *   (UnrecoverableError) with every problem named by its field, and changes nothing;
 * - idempotent: the event id (job id) is recorded in the same transaction as the effects, and every
 *   command is naturally idempotent as well (upserts, replace-period);
 * - an event whose contract is not known yet is retried with backoff (the job's attempts/backoff when
 *   the producer set them, else our own delayed retries) and fails with a clear reason at the end;
 * - a broken business rule fails at once with its code and message;
 * - ordered by the events' `revision` when they carry one: an event whose entity already has that
 *   revision or a newer one is stale, skipped and recorded as such (InboundRevisions), whatever the
 *   number of workers and however deliveries and retries interleave.
 */
// Its concurrency is set from BACKOFFICE_CONCURRENCY when the application starts.
@Processor(QUEUES.BACKOFFICE_INBOUND)
export class BackofficeInboundProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(BackofficeInboundProcessor.name);
  /**
   * Events waiting, in lanes by contract (or meter): a lane applies one batch at a time in arrival
   * order, so one contract's events keep their order; the lanes' batches run at the same time.
   */
  private readonly lanes: PendingEvent[][];
  private readonly draining: boolean[];

  constructor(
    private readonly validator: BackofficeEventValidator,
    private readonly unitOfWork: UnitOfWork,
    private readonly commands: Commands,
    private readonly ledger: InboundEventLedger,
    private readonly revisions: InboundRevisions,
    @Inject(BACKOFFICE_INBOUND_OPTIONS) private readonly options: BackofficeInboundOptions,
  ) {
    super();
    this.lanes = Array.from({ length: options.batchesInFlight }, () => []);
    this.draining = this.lanes.map(() => false);
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.options.concurrency;
  }

  async process(job: Job, token?: string): Promise<InboundJobResult> {
    const checked = this.validator.validate(job.name, job.data);
    if (!checked.valid) throw new UnrecoverableError(`invalid ${job.name}: ${checked.problems.join('; ')}`);
    try {
      return await this.inNextBatch(eventIdOf(job), checked.type, checked.payload);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'BILLING.CONTRACT_NOT_FOUND') {
        return this.retryLater(job, token, new ContractNotKnown(String(error.details.contractNumber)));
      }
      if (error instanceof DomainError) throw new UnrecoverableError(`${job.name} refused: ${reasonOf(error)}`);
      // Anything else (PostgreSQL unreachable, a lost race on a unique key) may pass next time.
      return this.retryLater(job, token, error as Error);
    }
  }

  private inNextBatch(eventId: string | undefined, type: InboundEventType, payload: InboundPayloads[InboundEventType]): Promise<InboundJobResult> {
    return new Promise((done, fail) => {
      const lane = laneOf(payload, this.lanes.length);
      this.lanes[lane].push({ eventId, type, payload, done, fail });
      if (!this.draining[lane]) {
        this.draining[lane] = true;
        // The jobs fetched in this turn of the event loop join the first batch.
        setImmediate(() => void this.drain(lane));
      }
    });
  }

  /** One batch of the lane at a time: the next one gathers what arrives meanwhile. */
  private async drain(lane: number): Promise<void> {
    const waiting = this.lanes[lane];
    while (waiting.length > 0) await this.applyBatch(waiting.splice(0, this.options.batchSize));
    this.draining[lane] = false;
  }

  private async applyBatch(batch: PendingEvent[]): Promise<void> {
    if (batch.length > 1) {
      let results: InboundJobResult[] | undefined;
      try {
        results = await this.applyTogether(batch);
      } catch {
        // Nothing of the batch was kept: each event alone below, for its own outcome.
      }
      if (results) {
        batch.forEach((event, index) => event.done(results[index]));
        return;
      }
    }
    for (const event of batch) {
      try {
        event.done((await this.applyTogether([event]))[0]);
      } catch (error) {
        event.fail(error);
      }
    }
  }

  /**
   * The events in one unit of work, in order; those whose id was applied before are duplicates. When
   * every event's command runs on plain SQL (runOnPlainSql), so does the unit: no fork of the ORM.
   */
  private applyTogether(events: PendingEvent[]): Promise<InboundJobResult[]> {
    const plainSql = events.every((event) => runsOnPlainSql(COMMAND_OF[event.type]));
    return this.unitOfWork.run(async () => {
      const fresh = await this.ledger.recordAll(events.flatMap((event) => (event.eventId ? [{ eventId: event.eventId, type: event.type }] : [])));
      const outcomes: InboundJobResult[] = [];
      for (const event of events) {
        if (event.eventId && !fresh.has(event.eventId)) {
          outcomes.push({ status: 'duplicate' });
          continue;
        }
        const claim = revisionClaimOf(event.type, event.payload);
        const applied = claim ? await this.revisions.raise(claim) : null;
        if (claim && applied !== null) {
          const reason = staleReason(claim, applied);
          if (event.eventId) await this.ledger.markStale(event.eventId, reason);
          outcomes.push({ status: 'stale', reason });
          continue;
        }
        await this.dispatch(event.type, event.payload);
        outcomes.push({ status: 'applied' });
      }
      return outcomes;
    }, { plainSql });
  }

  private async dispatch(type: InboundEventType, payload: InboundPayloads[InboundEventType]): Promise<void> {
    const Command = COMMAND_OF[type] as new (payload: InboundPayloads[InboundEventType]) => ICommand;
    // In this batch's unit of work, seeing the commands before it as stored.
    await this.commands.executeInCurrentUnit(new Command(payload));
  }

  /**
   * Retries with backoff. With the producer's attempts (job.opts.attempts > 1) BullMQ retries on a
   * thrown error; without them the job is delayed here, BACKOFFICE_RETRIES times, doubling the delay.
   * The last attempt fails for good with a reason that says what was waited for.
   */
  private async retryLater(job: Job, token: string | undefined, cause: Error): Promise<never> {
    const producerAttempts = job.opts.attempts ?? 1;
    if (producerAttempts > 1) {
      const attempt = job.attemptsMade + 1;
      if (attempt < producerAttempts) throw new Error(`${cause.message} (attempt ${attempt} of ${producerAttempts}, will retry)`);
      throw new UnrecoverableError(`${job.name} not applied: ${cause.message}; gave up after ${producerAttempts} attempts`);
    }
    const retried = Math.max(0, (job.attemptsStarted ?? 1) - 1);
    if (retried < this.options.retries && token) {
      await job.moveToDelayed(Date.now() + this.options.retryDelayMs * 2 ** retried, token);
      throw new DelayedError(`${cause.message} (retry ${retried + 1} of ${this.options.retries})`);
    }
    throw new UnrecoverableError(`${job.name} not applied: ${cause.message}; gave up after ${retried + 1} attempts`);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    if (job && !(error instanceof DelayedError)) this.logger.warn({ jobId: job.id, event: job.name, reason: error.message }, 'Back-office event failed');
  }
}

/** "lines[1].accountNumber: personal account … (BILLING.ACCOUNT_NOT_IN_CONTRACT)". */
function reasonOf(error: DomainError): string {
  const field = typeof error.details.field === 'string' && /^(BILLING|SHARED)\./.test(error.code) ? `${error.details.field}: ` : '';
  return `${field}${error.message} (${error.code})`;
}

/** The lane of an event: by its contract, or by its meter for a reading's outcome (which names no contract). */
function laneOf(payload: InboundPayloads[InboundEventType], lanes: number): number {
  if (lanes === 1) return 0;
  const key = 'contractNumber' in payload ? payload.contractNumber : 'meterId' in payload ? payload.meterId : '';
  let hash = 0;
  for (let i = 0; i < key.length; i += 1) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(hash) % lanes;
}
