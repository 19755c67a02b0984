import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DocumentRequests } from '@app/documents';
import { Messages } from '@app/web';
import { checkStatementRange } from '../../../domain/billing-period';
import { BillingReportModels } from '../../reports/billing-report-models';
import { RequestBillingReport } from './request-billing-report.command';

/**
 * Builds the report's model now (what the subscriber saw) and asks for its PDF: the document row and
 * its outbox event are written in this unit of work; the pdf worker renders it and, for the e-mail
 * delivery, queues the e-mail with the PDF attached.
 */
@CommandHandler(RequestBillingReport)
export class RequestBillingReportHandler implements ICommandHandler<RequestBillingReport, string> {
  constructor(
    private readonly models: BillingReportModels,
    private readonly documents: DocumentRequests,
    private readonly messages: Messages,
  ) {}

  async execute({ props }: RequestBillingReport): Promise<string> {
    const { report, contractNumber } = props;
    let title: string;
    let filename: string;
    let model: object;
    if (report.kind === 'charges-breakdown') {
      model = await this.models.chargesBreakdown(contractNumber, report.period);
      title = this.messages.t('billing.breakdown.reportTitle', { period: this.models.periodLabel(report.period) });
      filename = `charges-${contractNumber}-${report.period}.pdf`;
    } else {
      checkStatementRange(report.from, report.to);
      model = await this.models.reconciliation(contractNumber, report.from, report.to);
      title = this.messages.t('billing.reconciliation.reportTitle', { from: this.models.periodLabel(report.from), to: this.models.periodLabel(report.to) });
      filename = `reconciliation-${contractNumber}-${report.from}-${report.to}.pdf`;
    }
    return this.documents.request({
      ownerId: props.ownerId,
      kind: `billing.${report.kind}`,
      template: `billing/pdf/${report.kind}`,
      filename,
      params: { ...this.models.documentFrame(title), report: model },
      mail: props.delivery === 'email' ? { to: props.email, template: 'billing/emails/report', params: { title, filename } } : undefined,
    });
  }
}
