import type { Type } from '@nestjs/common';

export { BillingModule } from './billing.module';
export { ContractDirectory } from './application/contract-directory';
export type { ContractView } from './application/contract-directory';
export { UpsertContract } from './application/commands/upsert-contract/upsert-contract.command';
export { PublishCharges } from './application/commands/publish-charges/publish-charges.command';
export { RecordPayment } from './application/commands/record-payment/record-payment.command';
export { OpenBalance } from './application/commands/open-balance/open-balance.command';

/**
 * Billing's subscriber pages (web process only). A function rather than a binding on purpose: their
 * controllers use Identity's guard while Identity imports this index, so the module file is loaded only
 * when the web process is assembled, after both indexes have loaded, whatever their order.
 */
export function billingWebModule(): Type {
  return (require('./billing-web.module') as typeof import('./billing-web.module')).BillingWebModule;
}
