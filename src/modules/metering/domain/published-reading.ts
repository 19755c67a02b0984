import { ReadingValue } from './reading-value';

/**
 * A reading the back office published with a meter (meter.upserted's `lastReading`): each one is kept,
 * one per meter and date, so that the meter's consumption can be told month by month, not only the
 * last reading the meter row holds. The same reading published again changes nothing; a new value for
 * the same date replaces the old one (the back office corrected it).
 */
export class PublishedReading {
  meterId!: string;
  /** "YYYY-MM-DD" the reading was taken. */
  date!: string;
  /** Decimal string with 3 fraction digits. */
  value!: string;
  /** The back office's code or label for who took it ("controller", «Контролёр», «Сайт»). */
  source!: string;
  /** The meter's factory number when it was published: a change tells that the meter was replaced. */
  factoryNumber: string | null = null;
  publishedAt!: Date;

  static of(props: { meterId: string; date: string; value: string; source: string; factoryNumber: string | null; at: Date }): PublishedReading {
    const reading = new PublishedReading();
    reading.meterId = props.meterId;
    reading.date = props.date;
    reading.value = ReadingValue.of(props.value).toString();
    reading.source = props.source;
    reading.factoryNumber = props.factoryNumber;
    reading.publishedAt = props.at;
    return reading;
  }
}
