import { MailAttachment } from './mailer';

/**
 * Port: the content of a file an e-mail asked to attach by id. Provided by libs/documents for generated
 * PDFs; null when there is no such file (the e-mail can then never be sent).
 */
export abstract class MailAttachments {
  abstract load(documentId: string): Promise<MailAttachment | null>;
}
