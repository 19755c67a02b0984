import { DynamicModule, Global, Inject, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { MailAttachments } from '@app/notifications';
import { ChromiumPdfRenderer, chromiumPoolOptions } from './chromium-pdf-renderer';
import { DocumentMailAttachments } from './document-mail-attachments';
import { DocumentRenderings } from './document-renderings';
import { DocumentRequests } from './document-requests';
import { DOCUMENT_SETTLEMENTS_DATABASE_URL, DocumentSettlements } from './document-settlements';
import { PdfProcessor } from './pdf.processor';
import { PdfRenderer } from './pdf-renderer';
import { RendererStatusReader, RendererStatusReporter } from './renderer-status';

/**
 * Generated documents. `role: 'web'` asks for them and serves them to their owners; `role: 'worker'`
 * renders them in headless Chromium (queue `pdf`) and attaches them to e-mails.
 */
@Global()
@Module({})
export class DocumentsModule implements OnApplicationShutdown {
  constructor(@Inject(PdfRenderer) private readonly renderer: PdfRenderer) {}

  static forRoot(config: AppConfig, role: 'web' | 'worker'): DynamicModule {
    const providers: Provider[] = [
      DocumentRequests,
      { provide: PdfRenderer, useFactory: () => new ChromiumPdfRenderer(config.chromiumPath, chromiumPoolOptions()) },
      { provide: MailAttachments, useClass: DocumentMailAttachments },
    ];
    if (role === 'worker') providers.push(PdfProcessor, DocumentRenderings, RendererStatusReporter);
    else providers.push(RendererStatusReader, DocumentSettlements, { provide: DOCUMENT_SETTLEMENTS_DATABASE_URL, useValue: config.databaseUrl });
    return { module: DocumentsModule, providers, exports: [DocumentRequests, PdfRenderer, MailAttachments, ...(role === 'web' ? [RendererStatusReader, DocumentSettlements] : [])] };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.renderer instanceof ChromiumPdfRenderer) await this.renderer.close();
  }
}

