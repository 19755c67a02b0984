import { Controller, Get, NotFoundException, Param, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DocumentRequests, DocumentState } from '@app/documents';
import { Clock, Locale } from '@app/shared-kernel';
import { AuthenticatedSubscriber, CurrentSubscriber, Messages, RequestLocale, SubscriberPageGuard, Translator } from '@app/web';

/** After this long, a pending report says it is taking longer than usual (it keeps refreshing). */
const LONG_MS = 60_000;
/** After this long the page stops refreshing itself and says so: the worker may be down. */
const GIVE_UP_MS = 10 * 60_000;
const REFRESH_SECONDS = 2;

const BY_KIND: Record<string, { heading: string; back: string }> = {
  'billing.charges-breakdown': { heading: 'billing.breakdown.title', back: '/cabinet/charges' },
  'billing.reconciliation': { heading: 'billing.reconciliation.title', back: '/cabinet/reconciliation' },
};

/**
 * The status page of a requested PDF: refreshes itself (meta refresh; billing-report.js polls the JSON
 * status as an enhancement) until the PDF is ready or has failed, then offers the download or says
 * where it was e-mailed. Only the subscriber who asked may see it or download it.
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
  async page(@CurrentSubscriber() subscriber: AuthenticatedSubscriber, @Param('id') id: string, @RequestLocale() locale: Locale, @Res() res: Response): Promise<void> {
    const t = this.messages.in(locale);
    const state = await this.stateOf(id, subscriber);
    const kind = BY_KIND[state.kind] ?? { heading: 'billing.documents.title', back: '/cabinet' };
    const view = this.describe(state, t);
    res.setHeader('Cache-Control', 'no-store');
    res.render('billing/report', {
      title: t.t(kind.heading),
      activeMenu: kind.back === '/cabinet/reconciliation' ? 'reconciliation' : 'charges',
      heading: t.t(kind.heading),
      state: view.state,
      message: view.message,
      mailMessage: view.mailMessage,
      refresh: view.waiting ? REFRESH_SECONDS : null,
      downloadUrl: state.status === 'ready' ? `/cabinet/reports/${state.id}/file` : null,
      statusUrl: `/cabinet/reports/${state.id}/status`,
      selfUrl: `/cabinet/reports/${state.id}`,
      backUrl: kind.back,
    });
  }

  /** For the poller: whether the page would show something new. */
  @Get(':id/status')
  async status(@CurrentSubscriber() subscriber: AuthenticatedSubscriber, @Param('id') id: string, @RequestLocale() locale: Locale, @Res() res: Response): Promise<void> {
    const state = await this.stateOf(id, subscriber);
    const view = this.describe(state, this.messages.in(locale));
    res.setHeader('Cache-Control', 'no-store');
    res.json({ state: view.state, waiting: view.waiting });
  }

  @Get(':id/file')
  async file(@CurrentSubscriber() subscriber: AuthenticatedSubscriber, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const file = await this.documents.fileFor(id, subscriber.subscriberId);
    if (!file) throw new NotFoundException();
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Length', String(file.content.length));
    res.end(file.content);
  }

  private async stateOf(id: string, subscriber: AuthenticatedSubscriber): Promise<DocumentState> {
    const state = await this.documents.stateFor(id, subscriber.subscriberId);
    if (!state) throw new NotFoundException();
    return state;
  }

  private describe(state: DocumentState, { t }: Translator): { state: string; message: string; mailMessage: string | null; waiting: boolean } {
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
