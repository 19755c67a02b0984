import { DEFAULT_LOCALE } from '@app/shared-kernel';

export type DocumentStatus = 'pending' | 'ready' | 'failed';

/** How a generated document reaches its owner besides the download: an e-mail with it attached. */
export interface DocumentMail {
  to: string;
  /** E-mail template family (see libs/notifications). */
  template: string;
  params: Record<string, unknown>;
}

/**
 * A PDF a subscriber asked for: the template and the model it is rendered from (a snapshot of what the
 * page showed), then the PDF itself, kept in PostgreSQL until it expires. Only its owner may fetch it.
 */
export class DocumentRequest {
  id!: string;
  ownerId!: string;
  /** What it is, e.g. `billing.charges-breakdown`. */
  kind!: string;
  template!: string;
  filename!: string;
  /**
   * What the document is, in its language, as its owner's download names the file (e.g. «Расшифровка
   * начислений 2026-10 vk2666»); `filename` is the ASCII name of the e-mail attachment and of clients
   * that cannot read the other. Null for documents asked for before it existed.
   */
  title: string | null = null;
  /** The language it is rendered in, and its e-mail written in. */
  locale: string = DEFAULT_LOCALE;
  params: Record<string, unknown> = {};
  mail: DocumentMail | null = null;
  status: DocumentStatus = 'pending';
  content: Buffer | null = null;
  attempts = 0;
  lastError: string | null = null;
  mailId: string | null = null;
  createdAt: Date = new Date();
  readyAt: Date | null = null;
  expiresAt!: Date;

  isExpired(now: Date): boolean {
    return this.expiresAt.getTime() <= now.getTime();
  }

  complete(pdf: Buffer, now: Date): void {
    this.status = 'ready';
    this.content = pdf;
    this.readyAt = now;
    this.lastError = null;
    // The model may hold personal data: once rendered it is not needed.
    this.params = {};
  }

  fail(reason: string): void {
    this.status = 'failed';
    this.lastError = reason.slice(0, 2000);
  }
}
