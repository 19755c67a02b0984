import { AggregateRoot, BusinessRule, checkRule, DomainError } from '@app/shared-kernel';
import { localDateOf } from './local-date';
import { MeterRemoved, MeterWithoutFactoryNumber, ReadingBelowPrevious, VerificationExpired } from './metering.errors';
import { Reading, ReadingSource } from './reading.entity';
import { ReadingValue } from './reading-value';

export type Water = 'cold' | 'hot';
export type MeterState = 'installed' | 'removed';

/** What the back office publishes about a meter (meter.upserted, SPEC §4). */
export interface MeterFacts {
  meterId: string;
  contractNumber: string;
  accountNumber: string;
  water: Water;
  factoryNumber: string | null;
  verificationDate: string | null;
  state: MeterState;
  lastReading?: { value: string; date: string; source: string } | null;
}

/** The reading a new one is compared with: the latest known before this month. */
export interface PreviousReading {
  value: ReadingValue;
  date: string;
  source: string;
}

/**
 * A water meter of a contract, as the back office publishes it, and the rules for taking a reading
 * from it (SPEC §2). Its readings are rows of their own; `submitReading` checks the rules and creates
 * or corrects this month's one.
 */
export class Meter extends AggregateRoot {
  id!: string;
  contractNumber!: string;
  accountNumber!: string;
  water!: Water;
  factoryNumber: string | null = null;
  /** "YYYY-MM-DD" */
  verificationDate: string | null = null;
  state!: MeterState;
  /** The last reading the back office knows of (any source), as it published it. */
  lastReadingValue: string | null = null;
  lastReadingDate: string | null = null;
  lastReadingSource: string | null = null;
  updatedAt!: Date;

  static register(facts: MeterFacts, now: Date): Meter {
    const meter = new Meter();
    meter.id = facts.meterId;
    meter.apply(facts, now);
    return meter;
  }

  /** Applies the back office's facts; the same facts twice change nothing. */
  apply(facts: MeterFacts, now: Date): void {
    this.contractNumber = facts.contractNumber;
    this.accountNumber = facts.accountNumber;
    this.water = facts.water;
    this.factoryNumber = facts.factoryNumber && facts.factoryNumber.trim() !== '' ? facts.factoryNumber.trim() : null;
    this.verificationDate = facts.verificationDate;
    this.state = facts.state;
    if (facts.lastReading) {
      this.lastReadingValue = ReadingValue.of(facts.lastReading.value).toString();
      this.lastReadingDate = facts.lastReading.date;
      this.lastReadingSource = facts.lastReading.source;
    }
    this.updatedAt = now;
  }

  isWorking(): boolean {
    return this.state === 'installed';
  }

  /** The back office's last reading, if it published one. */
  backOfficeReading(): PreviousReading | null {
    if (this.lastReadingValue === null || this.lastReadingDate === null) return null;
    return { value: ReadingValue.of(this.lastReadingValue), date: this.lastReadingDate, source: this.lastReadingSource ?? '' };
  }

  /**
   * The reading this month's one must not be lower than: the later of the back office's last reading
   * (taken before this month) and our own latest not-rejected reading of an earlier month.
   */
  previousReading(period: string, ownEarlier: Reading | null): PreviousReading | null {
    const candidates: PreviousReading[] = [];
    const published = this.backOfficeReading();
    if (published && published.date.slice(0, 7) < period) candidates.push(published);
    if (ownEarlier && ownEarlier.status !== 'rejected' && ownEarlier.period < period) {
      candidates.push({ value: ownEarlier.amount(), date: ownEarlier.date, source: ownEarlier.source });
    }
    candidates.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
    return candidates[0] ?? null;
  }

  /**
   * Takes a reading typed by the subscriber. Refuses a removed meter, a meter without a factory number,
   * one whose verification date has passed, a malformed value and one lower than the previous reading.
   * Returns this month's reading: `current` corrected in place, or a new one.
   *
   * The order of the rules is the reason a subscriber is given when several hold: a removed meter is
   * not working, and that is what the manual says of it (Рисунок 13 has a removed hot-water meter
   * without a factory number); documents for its factory number are beside the point.
   */
  submitReading(input: {
    text: string;
    now: Date;
    source: ReadingSource;
    submissionId: string;
    current: Reading | null;
    previous: PreviousReading | null;
  }): Reading {
    const today = localDateOf(input.now);
    checkRule(this.isNotRemoved());
    checkRule(this.hasFactoryNumber());
    checkRule(this.verificationNotPassed(today));
    const value = ReadingValue.parse(input.text, this.id);
    checkRule(this.notBelowPrevious(value, input.previous));

    if (input.current) {
      input.current.correct({ value, date: today, source: input.source, submissionId: input.submissionId, at: input.now });
      return input.current;
    }
    return Reading.create({ meterId: this.id, contractNumber: this.contractNumber, value, date: today, source: input.source, submissionId: input.submissionId, at: input.now });
  }

  private hasFactoryNumber(): BusinessRule {
    return rule(this.factoryNumber === null, () => new MeterWithoutFactoryNumber(this.id));
  }

  private isNotRemoved(): BusinessRule {
    return rule(!this.isWorking(), () => new MeterRemoved(this.id));
  }

  /** A meter may be used up to and including its verification date. */
  private verificationNotPassed(today: string): BusinessRule {
    const date = this.verificationDate;
    return rule(date !== null && date < today, () => new VerificationExpired(this.id, date ?? ''));
  }

  private notBelowPrevious(value: ReadingValue, previous: PreviousReading | null): BusinessRule {
    return rule(previous !== null && value.isLowerThan(previous.value), () => new ReadingBelowPrevious(this.id, previous!.value.toDisplay()));
  }
}

function rule(broken: boolean, error: () => DomainError): BusinessRule {
  return { isBroken: () => broken, error };
}
