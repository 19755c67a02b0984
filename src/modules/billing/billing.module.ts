import { Module } from '@nestjs/common';
import { runOnPlainSql } from '@app/persistence';
import { ContractDirectory } from './application/contract-directory';
import { OpenBalance } from './application/commands/open-balance/open-balance.command';
import { OpenBalanceHandler } from './application/commands/open-balance/open-balance.handler';
import { PublishCharges } from './application/commands/publish-charges/publish-charges.command';
import { PublishChargesHandler } from './application/commands/publish-charges/publish-charges.handler';
import { RecordPayment } from './application/commands/record-payment/record-payment.command';
import { RecordPaymentHandler } from './application/commands/record-payment/record-payment.handler';
import { UpsertContract } from './application/commands/upsert-contract/upsert-contract.command';
import { UpsertContractHandler } from './application/commands/upsert-contract/upsert-contract.handler';
import { ChargesRepository, ContractRepository, OpeningBalanceRepository, PaymentRepository } from './domain/billing.repositories';
import { PgChargesRepository } from './infrastructure/persistence/pg-charges.repository';
import { PgContractDirectory } from './infrastructure/persistence/pg-contract-directory';
import { PgContractRepository } from './infrastructure/persistence/pg-contract.repository';
import { PgOpeningBalanceRepository } from './infrastructure/persistence/pg-opening-balance.repository';
import { PgPaymentRepository } from './infrastructure/persistence/pg-payment.repository';

// The back office's billing events reach the database only through the plain-SQL adapters above.
runOnPlainSql(UpsertContract, PublishCharges, RecordPayment, OpenBalance);

/**
 * Billing: contracts and personal accounts, charges per period, payments and opening balances, as the
 * back office publishes them. Exports the ContractDirectory facade; its commands are dispatched by the
 * back-office inbound processor (src/integration).
 */
@Module({
  providers: [
    { provide: ContractRepository, useClass: PgContractRepository },
    { provide: ChargesRepository, useClass: PgChargesRepository },
    { provide: PaymentRepository, useClass: PgPaymentRepository },
    { provide: OpeningBalanceRepository, useClass: PgOpeningBalanceRepository },
    { provide: ContractDirectory, useClass: PgContractDirectory },
    UpsertContractHandler,
    PublishChargesHandler,
    RecordPaymentHandler,
    OpenBalanceHandler,
  ],
  exports: [ContractDirectory],
})
export class BillingModule {}
