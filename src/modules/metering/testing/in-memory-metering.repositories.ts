import { ContractDirectory, type ContractView } from '@modules/billing';
import type { KnownReading } from '../domain/consumption-history';
import { KnownReadingRepository } from '../domain/known-reading.repository';
import type { Meter } from '../domain/meter.aggregate';
import { MeterRepository } from '../domain/meter.repository';
import type { PublishedReading } from '../domain/published-reading';
import { PublishedReadingRepository } from '../domain/published-reading.repository';
import { ReadingValue } from '../domain/reading-value';
import type { Reading } from '../domain/reading.entity';
import { ReadingRepository } from '../domain/reading.repository';
import type { ReadingsSubmission } from '../domain/readings-submission.aggregate';
import { ReadingsSubmissionRepository } from '../domain/readings-submission.repository';
import type { VerificationReminderSent } from '../domain/verification-reminder-sent';
import { VerificationReminderLedger } from '../domain/verification-reminder.ledger';

/**
 * Hand-written fakes of the Metering ports (and of Billing's ContractDirectory, which UpsertMeter asks)
 * for the handlers' unit tests. `commit()` plays the unit of work: what was added becomes visible, and
 * `committedEvents` collects the aggregates' events.
 */
export class InMemoryMetering {
  readonly meters = new Map<string, Meter>();
  readonly readings: Reading[] = [];
  readonly submissions: ReadingsSubmission[] = [];
  /** The back office's readings, by meter and date. */
  readonly publishedReadings = new Map<string, PublishedReading>();
  /** Billing's contracts, as ContractDirectory gives them. */
  readonly contracts = new Map<string, ContractView>();
  private pending: Array<() => void> = [];
  readonly committedEvents: Array<{ eventName: string; payload: object }> = [];

  readonly meterRepository: MeterRepository;
  readonly readingRepository: ReadingRepository;
  readonly submissionRepository: ReadingsSubmissionRepository;
  readonly publishedReadingRepository: PublishedReadingRepository;
  readonly knownReadingRepository: KnownReadingRepository;
  /** The verification reminders claimed (committed), by "meter/date/kind". */
  readonly remindersSent = new Map<string, VerificationReminderSent>();
  readonly reminderLedger: VerificationReminderLedger;
  readonly contractDirectory: ContractDirectory;

  constructor() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the fakes below share this store
    const self = this;
    this.meterRepository = new (class extends MeterRepository {
      async findById(id: string) {
        return self.meters.get(id) ?? null;
      }
      async lockOfContract(contractNumber: string) {
        return [...self.meters.values()].filter((meter) => meter.contractNumber === contractNumber).sort((a, b) => (a.id < b.id ? -1 : 1));
      }
      async loadReadings(meters: Meter[], period: string) {
        const { current, earlier } = await self.readingRepository.aroundPeriod(meters.map((meter) => meter.id), period);
        for (const meter of meters) meter.loadReadings(period, [...current, ...earlier]);
      }
      async withVerificationDateBetween(from: string, to: string) {
        return [...self.meters.values()]
          .filter((meter) => meter.state === 'installed' && meter.verificationDate !== null && meter.verificationDate >= from && meter.verificationDate <= to)
          .sort((a, b) => (a.id < b.id ? -1 : 1));
      }
      async save(meter: Meter) {
        self.pending.push(() => self.meters.set(meter.id, meter));
      }
    })();
    this.readingRepository = new (class extends ReadingRepository {
      async aroundPeriod(ids: string[], period: string) {
        return {
          current: self.readings.filter((r) => ids.includes(r.meterId) && r.period === period),
          earlier: ids
            .map((id) => self.readings.filter((r) => r.meterId === id && r.period < period && r.status !== 'rejected').sort((a, b) => (a.period < b.period ? 1 : -1))[0])
            .filter((r): r is Reading => r !== undefined),
        };
      }
      async lockOfSubmission(submissionId: string, meterId: string) {
        return self.readings.find((r) => r.submissionId === submissionId && r.meterId === meterId) ?? null;
      }
      async ofSubmission(submissionId: string) {
        return self.readings.filter((r) => r.submissionId === submissionId);
      }
      add(reading: Reading) {
        self.pending.push(() => self.readings.push(reading));
      }
    })();
    this.submissionRepository = new (class extends ReadingsSubmissionRepository {
      async findByKey(contractNumber: string, key: string) {
        return self.submissions.find((s) => s.contractNumber === contractNumber && s.idempotencyKey === key) ?? null;
      }
      async findById(id: string) {
        return self.submissions.find((s) => s.id === id) ?? null;
      }
      add(submission: ReadingsSubmission) {
        self.pending.push(() => self.submissions.push(submission));
      }
    })();
    this.publishedReadingRepository = new (class extends PublishedReadingRepository {
      async record(reading: PublishedReading) {
        self.pending.push(() => self.publishedReadings.set(`${reading.meterId}/${reading.date}`, reading));
      }
    })();
    this.knownReadingRepository = new (class extends KnownReadingRepository {
      async ofMeters(ids: readonly string[], since: string) {
        return new Map<string, KnownReading[]>(
          ids.map((id) => [
            id,
            [
              ...self.readings
                .filter((r) => r.meterId === id && r.status !== 'rejected' && r.date >= since)
                .map((r) => ({ date: r.date, value: r.amount(), source: r.source, origin: 'cabinet' as const, factoryNumber: null })),
              ...[...self.publishedReadings.values()]
                .filter((r) => r.meterId === id && r.date >= since)
                .map((r) => ({ date: r.date, value: ReadingValue.of(r.value), source: r.source, origin: 'back-office' as const, factoryNumber: r.factoryNumber })),
            ],
          ]),
        );
      }
    })();
    this.reminderLedger = new (class extends VerificationReminderLedger {
      async claim(reminder: VerificationReminderSent) {
        const key = `${reminder.meterId}/${reminder.verificationDate}/${reminder.kind}`;
        if (self.remindersSent.has(key) || self.pending.some((apply) => (apply as { reminderKey?: string }).reminderKey === key)) return false;
        self.pending.push(Object.assign(() => void self.remindersSent.set(key, reminder), { reminderKey: key }));
        return true;
      }
    })();
    this.contractDirectory = new (class extends ContractDirectory {
      async findContract(contractNumber: string) {
        return self.contracts.get(contractNumber) ?? null;
      }
      async findContractOfAccount(accountNumber: string) {
        return [...self.contracts.values()].find((contract) => contract.accounts.some((account) => account.accountNumber === accountNumber)) ?? null;
      }
    })();
  }

  commit(): void {
    for (const apply of this.pending) apply();
    this.pending = [];
    for (const submission of this.submissions) {
      for (const event of submission.pullDomainEvents()) this.committedEvents.push({ eventName: event.eventName, payload: event.toPrimitives() });
    }
  }

  rollback(): void {
    this.pending = [];
  }
}
