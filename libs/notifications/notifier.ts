import type { Locale } from '@app/shared-kernel';

export interface EmailRequest {
  to: string;
  /** Template family, e.g. `identity/emails/confirm-registration` (with .subject/.html/.text files). */
  template: string;
  params: Record<string, unknown>;
  /** The recipient's language (the default language when not given): the worker renders the e-mail in it. */
  locale?: Locale;
  /**
   * Files to attach, by id only (job data and the mail row never hold their content): the worker
   * resolves each through the MailAttachments port (libs/documents provides it for generated PDFs).
   */
  attachments?: ReadonlyArray<{ documentId: string }>;
}

/**
 * Port for use cases: asks for an e-mail as part of the current unit of work. Nothing is sent unless
 * that unit of work commits; the worker then renders and sends it with retries.
 */
export abstract class Notifier {
  abstract email(request: EmailRequest): Promise<string>;
}
