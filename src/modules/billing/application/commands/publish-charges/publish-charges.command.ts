import type { ChargesPublished } from '@app/messaging';

/** Replaces a contract's charges for a period with the published lines. */
export class PublishCharges {
  constructor(readonly payload: ChargesPublished) {}
}
