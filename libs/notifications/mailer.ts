export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments?: MailAttachment[];
}

/** Port: delivers one rendered e-mail. Throws on a failure worth retrying. */
export abstract class Mailer {
  abstract send(mail: OutgoingMail): Promise<void>;
}
