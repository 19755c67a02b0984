import type { MeterUpserted } from '@app/messaging';

/** From the back office (meter.upserted): creates or updates the meter `payload.meterId`. */
export class UpsertMeter {
  constructor(readonly payload: MeterUpserted) {}
}
