import { Meter, MeterFacts } from '../domain/meter.aggregate';
import { Reading, ReadingSource, ReadingStatus } from '../domain/reading.entity';
import { ReadingValue } from '../domain/reading-value';

/** Test data builder ("mother") for meters; defaults: a working cold-water meter verified until 2030. */
export function aMeter(overrides: Partial<MeterFacts> = {}, now = new Date('2026-11-20T06:00:00Z')): Meter {
  return Meter.register(
    {
      meterId: 'm-cold',
      contractNumber: '2666',
      accountNumber: '00009177',
      water: 'cold',
      factoryNumber: '12223773',
      verificationDate: '2030-09-10',
      state: 'installed',
      ...overrides,
    },
    now,
  );
}

/**
 * A meter as MeterRepository.loadReadings leaves it: with these readings of it loaded for `period`
 * (default November 2026, the month of the builders' default instant).
 */
export function loadedWith(meter: Meter, readings: Reading[] = [], period = '2026-11'): Meter {
  meter.loadReadings(period, readings);
  return meter;
}

/** A stored reading of meter `m-cold` (defaults: "100" on 20 October 2026 from the site, pending). */
export function aReading(overrides: { meterId?: string; value?: string; date?: string; source?: ReadingSource; status?: ReadingStatus; submissionId?: string } = {}): Reading {
  const submissionId = overrides.submissionId ?? 's-0';
  const reading = Reading.create({
    meterId: overrides.meterId ?? 'm-cold',
    contractNumber: '2666',
    value: ReadingValue.of(overrides.value ?? '100'),
    date: overrides.date ?? '2026-10-20',
    source: overrides.source ?? 'site',
    submissionId,
    at: new Date(`${overrides.date ?? '2026-10-20'}T06:00:00Z`),
  });
  if (overrides.status && overrides.status !== 'pending') reading.recordOutcome(submissionId, overrides.status, overrides.status === 'rejected' ? 'нет' : null, reading.submittedAt);
  return reading;
}
