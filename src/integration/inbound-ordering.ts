import { InboundEventType, InboundPayloads } from '@app/messaging';

/** The entity an event revises and the revision it carries, for the ordering rule. */
export interface RevisionClaim {
  entity: 'contract' | 'meter' | 'charges' | 'payment' | 'balance';
  key: string;
  revision: number;
}

/**
 * Which entity an inbound event revises, and to which revision (docs/integration.md, «Order»): a
 * contract with its personal accounts, a meter, a contract's period of charges, a payment, a contract's
 * opening balance. Null for an event without `revision` (applied as it arrives, as before revisions) and
 * for reading.processed, which answers one submission and is never superseded by another verdict.
 */
export function revisionClaimOf(type: InboundEventType, payload: InboundPayloads[InboundEventType]): RevisionClaim | null {
  if (!('revision' in payload) || typeof payload.revision !== 'number') return null;
  const { revision } = payload;
  switch (type) {
    case 'contract.upserted':
      return { entity: 'contract', key: (payload as InboundPayloads['contract.upserted']).contractNumber, revision };
    case 'meter.upserted':
      return { entity: 'meter', key: (payload as InboundPayloads['meter.upserted']).meterId, revision };
    case 'charges.published': {
      const charges = payload as InboundPayloads['charges.published'];
      return { entity: 'charges', key: `${charges.contractNumber}/${charges.period}`, revision };
    }
    case 'payment.recorded':
      return { entity: 'payment', key: (payload as InboundPayloads['payment.recorded']).paymentId, revision };
    case 'balance.opened':
      return { entity: 'balance', key: (payload as InboundPayloads['balance.opened']).contractNumber, revision };
    default:
      return null;
  }
}

/** Why an event was skipped: "meter M-1 is at revision 7; this event has revision 5". */
export function staleReason(claim: RevisionClaim, applied: string | null): string {
  return `${claim.entity} ${claim.key} is at revision ${applied ?? '?'}; this event has revision ${claim.revision}`;
}
