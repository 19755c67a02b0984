import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Outbox } from '@app/persistence';
import { Clock, DEFAULT_LOCALE } from '@app/shared-kernel';
import { EmailRequested } from './email-requested.event';
import { MailMessage } from './mail-message';
import { MailRenderer } from './mail-renderer';
import { EmailRequest, Notifier } from './notifier';
import { SecretBox } from './secret-box';

@Injectable()
export class OutboxNotifier extends Notifier {
  private readonly box: SecretBox;

  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly renderer: MailRenderer,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super();
    this.box = new SecretBox(config.sessionSecrets);
  }

  async email(request: EmailRequest): Promise<string> {
    // Fail in the request, not in the worker, when the template does not exist.
    this.renderer.assertExists(request.template);
    const message = new MailMessage();
    message.id = randomUUID();
    message.template = request.template;
    message.recipient = request.to;
    message.locale = request.locale ?? DEFAULT_LOCALE;
    message.sealedParams = this.box.seal(request.params);
    message.createdAt = this.clock.now();
    message.attachments = request.attachments?.length ? request.attachments.map((attachment) => attachment.documentId) : null;
    this.em.persist(message);
    this.outbox.add(new EmailRequested(message.id, message.template, this.clock.now()));
    return message.id;
  }
}
