import { AggregateRoot, BusinessRule, checkRule, DomainError, localDateOf, localMonthOf } from '@app/shared-kernel';
import { MeteringErrors } from './metering.errors';
import { isProcessed, Reading, ReadingSource, ReadingStatus } from './reading.entity';
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

/** What `submitReading` did: a new reading of this month, this month's one corrected, or nothing (the same value again). */
export interface TakenReading {
  reading: Reading;
  change: 'added' | 'corrected' | 'unchanged';
}

/** What the rules before the value look at: a Meter, or a read model's row of one. */
export interface MeterStanding {
  id: string;
  state: MeterState;
  factoryNumber: string | null;
  /** "YYYY-MM-DD" */
  verificationDate: string | null;
}

/**
 * Whether a meter takes a reading on `today` whatever value is typed: the rules `Meter.submitReading`
 * checks before the value (working, with a factory number, verification date not passed), and this
 * month's reading, if any, not yet processed by the back office. For read models (the API's
 * `acceptsReadings`), so that they ask the very rules the aggregate applies.
 */
export function acceptsReadings(meter: MeterStanding, today: string, currentStatus: ReadingStatus | null): boolean {
  return standingRules(meter, today).every((rule) => !rule.isBroken()) && (currentStatus === null || !isProcessed(currentStatus));
}

/** An installed meter works; a removed one takes no readings and is not counted among the working ones. */
export function isWorking(meter: Pick<MeterStanding, 'state'>): boolean {
  return meter.state === 'installed';
}

/** Our own reading that one of `period` is compared with: the latest not-rejected one of an earlier month. */
export function latestEarlierReading<T extends { period: string; status: ReadingStatus }>(period: string, own: readonly T[]): T | null {
  const earlier = own.filter((reading) => reading.period < period && reading.status !== 'rejected');
  return earlier.reduce<T | null>((latest, reading) => (latest === null || reading.period > latest.period ? reading : latest), null);
}

/**
 * The reading one of `period` must not be lower than: the later of the back office's last reading,
 * if taken before that month, and our own latest earlier one (the back office's on the same day).
 * The Meter's rule compares with it; read models show it as «Предыдущ. показания».
 */
export function previousReadingOf<T extends { date: string }>(period: string, published: T | null, ownEarlier: T | null): T | null {
  const candidates = [...(published && published.date.slice(0, 7) < period ? [published] : []), ...(ownEarlier ? [ownEarlier] : [])];
  return candidates.reduce<T | null>((latest, reading) => (latest === null || reading.date > latest.date ? reading : latest), null);
}

/** The readings the rules of one month need, as the repository loaded them with the meter. */
interface LoadedReadings {
  /** "YYYY-MM" */
  period: string;
  /** This month's reading, if one was submitted. */
  current: Reading | null;
  /** Our own latest not-rejected reading of an earlier month. */
  earlier: Reading | null;
}

/**
 * A water meter of a contract, as the back office publishes it, and the rules for taking a reading
 * from it (SPEC §2). Its readings are rows of their own: the repository loads with the meter the ones
 * its rules need for a month (MeterRepository.loadReadings), and `submitReading` checks the rules
 * against them and creates or corrects this month's one.
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
  /** Not a column: set by the repository's loadReadings. */
  private loaded: LoadedReadings | null = null;

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

  /**
   * @internal for MeterRepository.loadReadings: the readings its rules need in `period` (this month's,
   * and our own latest not-rejected one of an earlier month), from those loaded for a set of meters.
   * The meter keeps its own and picks them itself.
   */
  loadReadings(period: string, loaded: readonly Reading[]): void {
    const own = loaded.filter((reading) => reading.meterId === this.id);
    this.loaded = { period, current: own.find((reading) => reading.period === period) ?? null, earlier: latestEarlierReading(period, own) };
  }

  isWorking(): boolean {
    return isWorking(this);
  }

  /** The back office's last reading, if it published one. */
  backOfficeReading(): PreviousReading | null {
    if (this.lastReadingValue === null || this.lastReadingDate === null) return null;
    return { value: ReadingValue.of(this.lastReadingValue), date: this.lastReadingDate, source: this.lastReadingSource ?? '' };
  }

  /**
   * The reading this month's one must not be lower than: the later of the back office's last reading
   * (taken before this month) and our own latest not-rejected reading of an earlier month, as loaded
   * with the meter for `period`.
   */
  previousReading(period: string): PreviousReading | null {
    const ownEarlier = this.readingsOf(period).earlier;
    return previousReadingOf(period, this.backOfficeReading(), ownEarlier && { value: ownEarlier.amount(), date: ownEarlier.date, source: ownEarlier.source });
  }

  /**
   * Takes a reading typed by the subscriber. The same value as this month's reading (not rejected)
   * changes nothing. Otherwise refuses a removed meter, a meter without a factory number, one whose
   * verification date has passed, a malformed value, one lower than the previous reading, and a change
   * to a reading the back office has processed; this month's reading is then corrected in place, or a
   * new one is created. The readings compared with are those loaded with the meter: a meter loaded
   * without them takes no reading at all (a programming error), so no rule can be skipped.
   *
   * The order of the rules is the reason a subscriber is given when several hold: a removed meter is
   * not working, and that is what the manual says of it (Рисунок 13 has a removed hot-water meter
   * without a factory number); documents for its factory number are beside the point.
   */
  submitReading(input: { text: string; now: Date; source: ReadingSource; submissionId: string }): TakenReading {
    const today = localDateOf(input.now);
    const loaded = this.readingsOf(localMonthOf(input.now));
    const current = loaded.current;
    if (current && current.status !== 'rejected' && current.holds(input.text)) return { reading: current, change: 'unchanged' };

    for (const rule of standingRules(this, today)) checkRule(rule);
    const value = ReadingValue.parse(input.text, this.id);
    checkRule(this.notBelowPrevious(value, this.previousReading(loaded.period)));

    if (current) {
      current.correct({ value, date: today, source: input.source, submissionId: input.submissionId, at: input.now });
      return { reading: current, change: 'corrected' };
    }
    const reading = Reading.create({ meterId: this.id, contractNumber: this.contractNumber, value, date: today, source: input.source, submissionId: input.submissionId, at: input.now });
    loaded.current = reading;
    return { reading, change: 'added' };
  }

  private readingsOf(period: string): LoadedReadings {
    if (this.loaded?.period !== period) {
      throw new Error(`Meter ${this.id} was loaded without its readings of ${period}: load them with MeterRepository.loadReadings`);
    }
    return this.loaded;
  }

  private notBelowPrevious(value: ReadingValue, previous: PreviousReading | null): BusinessRule {
    return rule(previous !== null && value.isLowerThan(previous.value), () => MeteringErrors.readingBelowPrevious(this.id, previous!.value.toDisplay()));
  }
}

/** The rules that refuse a meter whatever value is typed, in the order they are reported. */
function standingRules(meter: MeterStanding, today: string): BusinessRule[] {
  return [isNotRemoved(meter), hasFactoryNumber(meter), verificationNotPassed(meter, today)];
}

function isNotRemoved(meter: MeterStanding): BusinessRule {
  return rule(!isWorking(meter), () => MeteringErrors.meterRemoved(meter.id));
}

function hasFactoryNumber(meter: MeterStanding): BusinessRule {
  return rule(meter.factoryNumber === null, () => MeteringErrors.noFactoryNumber(meter.id));
}

/** A meter may be used up to and including its verification date. */
function verificationNotPassed(meter: MeterStanding, today: string): BusinessRule {
  const date = meter.verificationDate;
  return rule(date !== null && date < today, () => MeteringErrors.verificationExpired(meter.id, date ?? ''));
}

function rule(broken: boolean, error: () => DomainError): BusinessRule {
  return { isBroken: () => broken, error };
}
