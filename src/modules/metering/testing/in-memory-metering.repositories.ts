import { ContractDirectory, type ContractView } from '@modules/billing';
import type { Meter } from '../domain/meter.aggregate';
import { MeterRepository } from '../domain/meter.repository';
import type { PublishedReading } from '../domain/published-reading';
import { PublishedReadingRepository } from '../domain/published-reading.repository';
import type { Reading } from '../domain/reading.entity';
import { ReadingRepository } from '../domain/reading.repository';
import type { ReadingsSubmission } from '../domain/readings-submission.aggregate';
import { ReadingsSubmissionRepository } from '../domain/readings-submission.repository';

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
