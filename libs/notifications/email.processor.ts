import { Inject, Logger, Optional } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { MikroORM } from '@mikro-orm/postgresql';
import { Job, UnrecoverableError } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@app/config';
import { QUEUES } from '@app/messaging';
import { MailAttachments } from './mail-attachments';
import { MailMessage } from './mail-message';
import { MailRenderer } from './mail-renderer';
import { Mailer } from './mailer';
import { SecretBox } from './secret-box';

/**
 * Renders and sends one e-mail per job. Idempotent: a message already sent is not sent again. A
 * missing row or template can never succeed and fails at once; SMTP failures retry with backoff
 * (attempts and backoff are the email queue's defaults).
 */
@Processor(QUEUES.EMAIL, { concurrency: 4 })
export class EmailProcessor extends WorkerHost {
  private readonly logger = new Logger(EmailProcessor.name);
  private readonly box: SecretBox;

  constructor(
    private readonly orm: MikroORM,
    private readonly mailer: Mailer,
    private readonly renderer: MailRenderer,
    @Inject(APP_CONFIG) config: AppConfig,
    @Optional() private readonly attachments?: MailAttachments,
  ) {
    super();
    this.box = new SecretBox(config.sessionSecrets);
  }

  async process(job: Job<{ mailId: string }>): Promise<{ status: string }> {
    const em = this.orm.em.fork();
    const message = await em.findOne(MailMessage, { id: job.data.mailId });
    if (!message) throw new UnrecoverableError(`mail_message ${job.data.mailId} does not exist`);
    if (message.status === 'sent') return { status: 'already sent' };
    if (!message.sealedParams) throw new UnrecoverableError(`mail_message ${message.id} has no parameters`);

    let mail;
    try {
      mail = this.renderer.render(message.template, message.recipient, this.box.open(message.sealedParams), message.locale);
    } catch (error) {
      message.status = 'failed';
      message.lastError = (error as Error).message;
      await em.flush();
      throw new UnrecoverableError(`cannot render ${message.template}: ${(error as Error).message}`);
    }
    if (message.attachments?.length) {
      const files = [];
      for (const documentId of message.attachments) {
        const file = this.attachments ? await this.attachments.load(documentId) : null;
        if (!file) {
          message.status = 'failed';
          message.lastError = `attachment ${documentId} does not exist`;
          await em.flush();
          throw new UnrecoverableError(`mail_message ${message.id}: attachment ${documentId} does not exist`);
        }
        files.push(file);
      }
      mail = { ...mail, attachments: files };
    }

    message.attempts += 1;
    try {
      await this.mailer.send(mail);
    } catch (error) {
      message.lastError = (error as Error).message;
      // The last allowed attempt: the message is given up, and says so (pages that wait for it stop waiting).
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) message.status = 'failed';
      await em.flush();
      throw error;
    }
    message.status = 'sent';
    message.sentAt = new Date();
    message.sealedParams = null;
    message.lastError = null;
    await em.flush();
    this.logger.log({ mailId: message.id, template: message.template }, 'E-mail sent');
    return { status: 'sent' };
  }
}
