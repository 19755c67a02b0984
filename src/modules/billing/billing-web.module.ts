import { Module } from '@nestjs/common';
import { runOnPlainSql } from '@app/persistence';
import { BillingModule } from './billing.module';
import { RequestBillingReport } from './application/commands/request-report/request-billing-report.command';
import { RequestBillingReportHandler } from './application/commands/request-report/request-billing-report.handler';
import { ChargesBreakdownQuery } from './application/queries/charges-breakdown.query';
import { LedgerQuery } from './application/queries/ledger.query';
import { BillingReportModels } from './application/reports/billing-report-models';
import { BillingApiController } from './interface/http/billing.api-controller';
import { ReportsApiController } from './interface/http/reports.api-controller';
import { ChargesPageController } from './interface/web/charges.page-controller';
import { ReconciliationPageController } from './interface/web/reconciliation.page-controller';
import { ReportDownloads } from './interface/web/report-downloads';
import { ReportsPageController } from './interface/web/reports.page-controller';
import { SettlementsPageController } from './interface/web/settlements.page-controller';

// A report's request reads the contract, its charges or ledger and writes the document and its outbox
// event, all through plain SQL (PgContractDirectory, the queries, DocumentRequests).
runOnPlainSql(RequestBillingReport);

/**
 * Billing's subscriber pages (web process): «Состояние взаиморасчетов», «Расшифровка начислений»,
 * «Сверка взаиморасчетов» and the status pages of their PDF reports (rendered by the pdf worker,
 * libs/documents); and the same in the REST API (/api/v1/charges, settlements, reconciliation, reports).
 */
@Module({
  imports: [BillingModule],
  controllers: [ChargesPageController, SettlementsPageController, ReconciliationPageController, ReportsPageController, BillingApiController, ReportsApiController],
  providers: [ChargesBreakdownQuery, LedgerQuery, BillingReportModels, RequestBillingReportHandler, ReportDownloads],
})
export class BillingWebModule {}
