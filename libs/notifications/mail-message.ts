/** An e-mail asked for by a use case; the worker renders and sends it, once. */
export class MailMessage {
  id!: string;
  template!: string;
  recipient!: string;
  locale!: string;
  /** Template parameters, sealed by SecretBox; wiped after sending. */
  sealedParams: string | null = null;
  status: 'pending' | 'sent' | 'failed' = 'pending';
  createdAt: Date = new Date();
  sentAt: Date | null = null;
  attempts = 0;
  lastError: string | null = null;
  /** Ids of the documents to attach (resolved by MailAttachments when sending), or null. */
  attachments: string[] | null = null;
}
