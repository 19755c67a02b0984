import { EntitySchema } from '@mikro-orm/core';
import { PublishedReading } from '../../domain/published-reading';

/** The back office's readings of a meter, one per meter and date (written with plain SQL: PgPublishedReadingRepository). */
export const PublishedReadingSchema = new EntitySchema<PublishedReading>({
  class: PublishedReading,
  tableName: 'meter_published_reading',
  forceConstructor: true,
  properties: {
    meterId: { type: 'text', primary: true },
    date: { type: 'date', primary: true },
    value: { type: 'decimal', precision: 11, scale: 3 },
    source: { type: 'text' },
    factoryNumber: { type: 'text', nullable: true },
    publishedAt: { type: 'datetime' },
  },
});
