import { aContract } from '../modules/billing/testing/contract.mother';
import { revisionClaimOf, staleReason } from './inbound-ordering';

describe('the entity an inbound event revises (docs/integration.md, «Order»)', () => {
  it('names the entity and its key for each upsert-like type', () => {
    expect(revisionClaimOf('contract.upserted', { ...aContract('legal', { contractNumber: '2666' }), revision: 3 })).toEqual({ entity: 'contract', key: '2666', revision: 3 });
    const meter = { meterId: 'M-1', contractNumber: '2666', accountNumber: '2666-1', water: 'cold' as const, factoryNumber: null, verificationDate: null, state: 'installed' as const };
    expect(revisionClaimOf('meter.upserted', { ...meter, revision: 4 })).toEqual({ entity: 'meter', key: 'M-1', revision: 4 });
    expect(revisionClaimOf('charges.published', { contractNumber: '2666', period: '2026-10', lines: [], revision: 5 })).toEqual({ entity: 'charges', key: '2666/2026-10', revision: 5 });
    expect(revisionClaimOf('payment.recorded', { paymentId: 'P-1', contractNumber: '2666', date: '2026-10-05', amount: '1.00', revision: 6 })).toEqual({ entity: 'payment', key: 'P-1', revision: 6 });
    expect(revisionClaimOf('balance.opened', { contractNumber: '2666', date: '2026-01-01', amount: '1.00', revision: 7 })).toEqual({ entity: 'balance', key: '2666', revision: 7 });
  });

  it('claims nothing for an event without a revision (applied as it arrives) and for a verdict', () => {
    expect(revisionClaimOf('payment.recorded', { paymentId: 'P-1', contractNumber: '2666', date: '2026-10-05', amount: '1.00' })).toBeNull();
    expect(revisionClaimOf('reading.processed', { submissionId: 'x', meterId: 'M-1', status: 'accepted' })).toBeNull();
  });

  it('says why an event is stale', () => {
    expect(staleReason({ entity: 'meter', key: 'M-1', revision: 5 }, '7')).toBe('meter M-1 is at revision 7; this event has revision 5');
  });
});
