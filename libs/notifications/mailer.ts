export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** Port: delivers one rendered e-mail. Throws on a failure worth retrying. */
export abstract class Mailer {
  abstract send(mail: OutgoingMail): Promise<void>;
}
