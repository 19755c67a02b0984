export { BillingModule } from './billing.module';
export { BillingWebModule } from './billing-web.module';
export { ContractDirectory } from './application/contract-directory';
export type { ContractView } from './application/contract-directory';
export { UpsertContract } from './application/commands/upsert-contract/upsert-contract.command';
export { PublishCharges } from './application/commands/publish-charges/publish-charges.command';
export { RecordPayment } from './application/commands/record-payment/record-payment.command';
export { OpenBalance } from './application/commands/open-balance/open-balance.command';

