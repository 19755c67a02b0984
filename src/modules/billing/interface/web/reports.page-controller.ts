import { Controller, Get, NotFoundException, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DocumentRequests, DocumentState, sendDocument } from '@app/documents';
import { Clock, Locale } from '@app/shared-kernel';
import { AuthenticatedSubscriber, CurrentSubscriber, Messages, RequestLocale, SubscriberPageGuard, Translator } from '@app/web';

/** After this long, a pending report says it is taking longer than usual (it keeps refreshing). */
const LONG_MS = 60_000;
/** After this long the page stops refreshing itself and says so: the worker may be down. */
const GIVE_UP_MS = 10 * 60_000;
const REFRESH_SECONDS = 2;

interface View {
  state: string;
  message: string;
  mailMessage: string | null;
  waiting: boolean;
  downloadUrl: string | null;
  /** A download was asked for and the PDF is ready: the page starts it by itself. */
  autoDownload: boolean;
}

const BY_KIND: Record<string, { heading: string; back: string }> = {
  'billing.charges-breakdown': { heading: 'billing.breakdown.title', back: '/cabinet/charges' },
  'billing.reconciliation': { heading: 'billing.reconciliation.title', back: '/cabinet/reconciliation' },
};

/**
 * The status page of a requested PDF, shown when it was not ready within «Скачать отчет»'s short wait
 * (ReportDownloads) or for the e-mail: billing-report.js polls the JSON status and updates the page in
 * place (its status is an aria-live region, so a screen reader hears the progress); without JavaScript
 * it refreshes itself (meta refresh). Once the PDF is ready, a download asked for (`?download=1`)
 * starts by itself, with the visible link as a fallback; otherwise it offers the download or says where
 * it was e-mailed. Only the subscriber who asked may see it or download it.
 */
@ApiExcludeController()
@Controller('cabinet/reports')
@UseGuards(SubscriberPageGuard)
export class ReportsPageController {
  constructor(
    private readonly documents: DocumentRequests,
    private readonly messages: Messages,
    private readonly clock: Clock,
  ) {}

  @Get(':id')
  async page(
    @CurrentSubscriber() subscriber: AuthenticatedSubscriber,
    @Param('id') id: string,
    @Query('download') download: unknown,
    @RequestLocale() locale: Locale,
    @Res() res: Response,
  ): Promise<void> {
    const t = this.messages.in(locale);
    const state = await this.stateOf(id, subscriber);
    const kind = BY_KIND[state.kind] ?? { heading: 'billing.documents.title', back: '/cabinet' };
    const view = this.describe(state, t, download === '1');
    res.render('billing/report', {
      title: t.t(kind.heading),
      activeMenu: kind.back === '/cabinet/reconciliation' ? 'reconciliation' : 'charges',
      heading: t.t(kind.heading),
      state: view.state,
      message: view.message,
      mailMessage: view.mailMessage,
      refresh: view.waiting ? REFRESH_SECONDS : null,
      downloadUrl: view.downloadUrl,
      fileUrl: `/cabinet/reports/${state.id}/file`,
      autoDownloadUrl: view.autoDownload ? view.downloadUrl : null,
      statusUrl: `/cabinet/reports/${state.id}/status${download === '1' ? '?download=1' : ''}`,
      selfUrl: `/cabinet/reports/${state.id}`,
      backUrl: kind.back,
    });
  }

  /** For the poller: whether the page would show something new. */
  @Get(':id/status')
  async status(
    @CurrentSubscriber() subscriber: AuthenticatedSubscriber,
    @Param('id') id: string,
    @Query('download') download: unknown,
    @RequestLocale() locale: Locale,
    @Res() res: Response,
  ): Promise<void> {
    const state = await this.stateOf(id, subscriber);
    const view = this.describe(state, this.messages.in(locale), download === '1');
    res.json({ state: view.state, waiting: view.waiting, message: view.message, mailMessage: view.mailMessage, downloadUrl: view.downloadUrl, autoDownload: view.autoDownload });
  }

  @Get(':id/file')
  async file(@CurrentSubscriber() subscriber: AuthenticatedSubscriber, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const file = await this.documents.fileFor(id, subscriber.subscriberId);
    if (!file) throw new NotFoundException();
    sendDocument(res, file);
  }

  private async stateOf(id: string, subscriber: AuthenticatedSubscriber): Promise<DocumentState> {
    const state = await this.documents.stateFor(id, subscriber.subscriberId);
    if (!state) throw new NotFoundException();
    return state;
  }

  private describe(state: DocumentState, translator: Translator, downloadAsked: boolean): View {
    const view = this.stateOfView(state, translator);
    const downloadUrl = state.status === 'ready' ? `/cabinet/reports/${state.id}/file` : null;
    const autoDownload = downloadAsked && view.state === 'ready';
    return { ...view, message: autoDownload ? translator.t('billing.documents.readyDownloading') : view.message, downloadUrl, autoDownload };
  }

  private stateOfView(state: DocumentState, { t }: Translator): Omit<View, 'downloadUrl' | 'autoDownload'> {
    const email = state.mailTo ?? '';
    const age = this.clock.now().getTime() - state.createdAt.getTime();
    if (state.status === 'pending') {
      if (age > GIVE_UP_MS) return { state: 'stalled', message: t('billing.documents.stalled'), mailMessage: null, waiting: false };
      return { state: 'pending', message: t(age > LONG_MS ? 'billing.documents.pendingLong' : 'billing.documents.pending'), mailMessage: null, waiting: true };
    }
    if (state.status === 'failed') return { state: 'failed', message: t('billing.documents.failed'), mailMessage: null, waiting: false };
    if (state.status === 'expired') return { state: 'expired', message: t('billing.documents.expired'), mailMessage: null, waiting: false };
    if (state.mailStatus === null) return { state: 'ready', message: t('billing.documents.ready'), mailMessage: null, waiting: false };
    if (state.mailStatus === 'sent') return { state: 'sent', message: t('billing.documents.ready'), mailMessage: t('billing.documents.mailSent', { email }), waiting: false };
    if (state.mailStatus === 'failed') return { state: 'mail-failed', message: t('billing.documents.ready'), mailMessage: t('billing.documents.mailFailed', { email }), waiting: false };
    if (age > GIVE_UP_MS) return { state: 'mail-delayed', message: t('billing.documents.ready'), mailMessage: t('billing.documents.mailDelayed', { email }), waiting: false };
    return { state: 'mailing', message: t('billing.documents.ready'), mailMessage: t('billing.documents.mailPending', { email }), waiting: true };
  }
}
