import nodemailer, { Transporter } from 'nodemailer';
import { Mailer, OutgoingMail } from './mailer';

/** Sends over SMTP (`SMTP_URL`, e.g. smtp://user:pass@host:587 or smtps://host:465). */
export class SmtpMailer extends Mailer {
  private readonly transport: Transporter;

  constructor(smtpUrl: string, private readonly from: string) {
    super();
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: mail.to, subject: mail.subject, html: mail.html, text: mail.text, attachments: mail.attachments });
  }

  close(): void {
    this.transport.close();
  }
}
