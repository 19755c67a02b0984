import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { DocumentRequests, DocumentSettlements, sendDocument } from '@app/documents';
import { Commands } from '@app/persistence';
import type { Locale } from '@app/shared-kernel';
import type { AuthenticatedSubscriber } from '@app/web';
import { BillingReport, RequestBillingReport } from '../../application/commands/request-report/request-billing-report.command';

/**
 * How long «Скачать отчет» waits for the PDF before showing the status page instead. A report is
 * usually ready in well under a second (the pdf worker's warm pages), so the common case is one click:
 * the answer to the form is the file itself.
 */
export const REPORT_WAIT_MS = 2_500;

/** «Скачать отчет» / «Отправить отчет на почту» of the report pages (charges breakdown, reconciliation). */
@Injectable()
export class ReportDownloads {
  constructor(
    private readonly commands: Commands,
    private readonly documents: DocumentRequests,
    private readonly settlements: DocumentSettlements,
  ) {}

  /**
   * Asks for the PDF. A download ready within REPORT_WAIT_MS is answered as the file (named by what it
   * is); otherwise, and for the e-mail, the status page, which downloads the file by itself once ready.
   */
  async request(subscriber: AuthenticatedSubscriber, delivery: 'download' | 'email', report: BillingReport, locale: Locale, res: Response): Promise<void> {
    const id = await this.commands.execute<string>(
      new RequestBillingReport({ ownerId: subscriber.subscriberId, contractNumber: subscriber.contractNumber, login: subscriber.login, email: subscriber.email, delivery, report, locale }),
    );
    if (delivery === 'download') {
      const state = await this.settlements.settled(id, subscriber.subscriberId, REPORT_WAIT_MS);
      const file = state?.status === 'ready' ? await this.documents.fileFor(id, subscriber.subscriberId) : null;
      if (file) return sendDocument(res, file);
      return res.redirect(303, `/cabinet/reports/${id}?download=1`);
    }
    res.redirect(303, `/cabinet/reports/${id}`);
  }
}
