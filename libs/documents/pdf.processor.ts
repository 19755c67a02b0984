import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { Histogram, register } from 'prom-client';
import { QUEUES } from '@app/messaging';
import { Notifier } from '@app/notifications';
import { UnitOfWork } from '@app/persistence';
import { Clock, localeOr } from '@app/shared-kernel';
import { TemplateRegistry } from '@app/web';
import type { DocumentRequest } from './document-request';
import { DocumentRenderings } from './document-renderings';
import { PdfRenderer, PdfRendererUnavailable } from './pdf-renderer';

export const PDF_LAYOUT = 'documents/layouts/pdf';

/** How long Chromium takes over one PDF (successful renders), in prom-client's global registry (/metrics). */
const PDF_RENDER_SECONDS =
  (register.getSingleMetric('vk_pdf_render_seconds') as Histogram | undefined) ??
  new Histogram({ name: 'vk_pdf_render_seconds', help: 'Time to render one PDF in Chromium', buckets: [0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32] });

/**
 * Renders one requested document per job: Handlebars → HTML → Chromium → PDF, stored in the row, and
 * (when asked) the e-mail with the PDF attached is queued in the same transaction. Idempotent: a
 * document already rendered is not rendered again. A missing row, an expired request or a template
 * that cannot render fails at once; a browser failure retries with the pdf queue's backoff, and the
 * row is marked failed after the last attempt, so that the status page stops waiting. Each outcome
 * (ready, failed) is announced with NOTIFY, for the web process waiting to answer the download.
 * Expired requests are left to the retention run (their PDF at expiry, the row RETENTION_DOCUMENT_DAYS later).
 */
// Its concurrency is set from the renderer's pool when the application starts.
@Processor(QUEUES.PDF)
export class PdfProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(PdfProcessor.name);

  constructor(
    private readonly renderings: DocumentRenderings,
    private readonly unitOfWork: UnitOfWork,
    private readonly renderer: PdfRenderer,
    private readonly templates: TemplateRegistry,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
  ) {
    super();
  }

  /**
   * Twice as many jobs as the renderer has warm pages: while one job reads its row or writes its PDF,
   * another holds the page, so no page waits for the database; jobs beyond that wait in the queue, where
   * another worker process may take them.
   */
  onApplicationBootstrap(): void {
    this.worker.concurrency = this.renderer.capacity * 2;
  }

  async process(job: Job<{ documentId: string }>): Promise<{ status: string }> {
    const document = await this.renderings.find(job.data.documentId);
    if (!document) throw new UnrecoverableError(`document_request ${job.data.documentId} does not exist`);
    if (document.status === 'ready') return { status: 'already rendered' };
    if (document.status === 'failed') throw new UnrecoverableError(`document_request ${document.id} has failed: ${document.lastError ?? ''}`);
    if (document.isExpired(this.clock.now())) return this.giveUp(document, 'expired before it was rendered');

    let html: string;
    try {
      html = this.templates.render(document.template, { ...document.params, locale: document.locale, layout: PDF_LAYOUT });
    } catch (error) {
      return this.giveUp(document, `cannot render ${document.template}: ${(error as Error).message}`);
    }

    let pdf: Buffer;
    document.attempts += 1;
    try {
      const rendered = PDF_RENDER_SECONDS.startTimer();
      pdf = await this.renderer.render(html);
      rendered();
    } catch (error) {
      if (error instanceof PdfRendererUnavailable) return this.giveUp(document, error.message);
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      document.lastError = (error as Error).message.slice(0, 2000);
      if (last) {
        document.fail(`gave up after ${job.attemptsMade + 1} attempts: ${document.lastError}`);
        await this.renderings.settle(document);
      } else {
        await this.renderings.noteAttempt(document);
      }
      throw error;
    }

    const mail = document.mail;
    document.complete(pdf, this.clock.now());
    // Stored only if still pending, and announced at its commit: a web process waiting for it answers
    // the download at once. With an e-mail, the e-mail is queued in the same transaction.
    const done = mail
      ? await this.unitOfWork.run(async () => {
          if (!(await this.renderings.settle(document))) return false;
          document.mailId = await this.notifier.email({ to: mail.to, template: mail.template, params: mail.params, locale: localeOr(document.locale), attachments: [{ documentId: document.id }] });
          await this.renderings.noteMail(document);
          return true;
        })
      : await this.renderings.settle(document);
    if (!done) return { status: 'already rendered' };
    this.logger.log({ documentId: document.id, kind: document.kind, bytes: pdf.length }, 'Document rendered');
    return { status: 'rendered' };
  }

  private async giveUp(document: DocumentRequest, reason: string): Promise<never> {
    document.fail(reason);
    await this.renderings.settle(document);
    throw new UnrecoverableError(`document_request ${document.id}: ${reason}`);
  }
}
