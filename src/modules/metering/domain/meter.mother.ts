import { Meter, MeterFacts } from './meter.aggregate';

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
