import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DocumentRequests } from '@app/documents';
import { Messages } from '@app/web';
import { checkStatementRange } from '../../../domain/billing-period';
import { BillingReportModels } from '../../reports/billing-report-models';
import { RequestBillingReport } from './request-billing-report.command';

/**
 * Builds the report's model now (what the subscriber saw, in their language) and asks for its PDF: the
 * document row and its outbox event are written in this unit of work, with the language, so that the
 * pdf worker renders it and, for the e-mail delivery, queues the e-mail with the PDF attached, both in
 * that language.
 */
@CommandHandler(RequestBillingReport)
export class RequestBillingReportHandler implements ICommandHandler<RequestBillingReport, string> {
  constructor(
    private readonly models: BillingReportModels,
    private readonly documents: DocumentRequests,
    private readonly messages: Messages,
  ) {}

  async execute({ props }: RequestBillingReport): Promise<string> {
    const { report, contractNumber, locale } = props;
    let title: string;
    let filename: string;
    let fileTitle: string;
    let model: object;
    if (report.kind === 'charges-breakdown') {
      model = await this.models.chargesBreakdown(contractNumber, report.period, locale);
      title = this.messages.t('billing.breakdown.reportTitle', { period: this.models.periodInText(report.period, locale) }, locale);
      filename = `charges-${contractNumber}-${report.period}.pdf`;
      fileTitle = `${this.messages.t('billing.breakdown.title', {}, locale)} ${report.period} ${props.login}`;
    } else {
      checkStatementRange(report.from, report.to);
      model = await this.models.reconciliation(contractNumber, report.from, report.to, locale);
      title = this.messages.t('billing.reconciliation.reportTitle', { from: this.models.periodInText(report.from, locale), to: this.models.periodInText(report.to, locale) }, locale);
      filename = `reconciliation-${contractNumber}-${report.from}-${report.to}.pdf`;
      fileTitle = `${this.messages.t('billing.reconciliation.title', {}, locale)} ${report.from}–${report.to} ${props.login}`;
    }
    return this.documents.request({
      ownerId: props.ownerId,
      kind: `billing.${report.kind}`,
      template: `billing/pdf/${report.kind}`,
      filename,
      title: fileTitle,
      locale,
      params: { ...this.models.documentFrame(title, locale), report: model },
      mail: props.delivery === 'email' ? { to: props.email, template: 'billing/emails/report', params: { title, filename } } : undefined,
    });
  }
}
