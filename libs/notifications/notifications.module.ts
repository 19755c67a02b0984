import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { REDIS } from '@app/messaging';
import { DevMailbox } from './dev-mailbox/dev-mailbox';
import { DevMailboxController } from './dev-mailbox/dev-mailbox.controller';
import { EmailProcessor } from './email.processor';
import { MailRenderer } from './mail-renderer';
import { Mailer } from './mailer';
import { Notifier } from './notifier';
import { OutboxNotifier } from './outbox-notifier';
import { SmtpMailer } from './smtp-mailer';

export function devMailboxEnabled(config: AppConfig): boolean {
  return config.smtpUrl === null && !config.production;
}

@Global()
@Module({})
export class NotificationsModule {
  /** `role: 'web'` asks for e-mails (and shows the dev mailbox); `role: 'worker'` sends them. */
  static forRoot(config: AppConfig, role: 'web' | 'worker'): DynamicModule {
    const providers: Provider[] = [
      MailRenderer,
      { provide: Notifier, useClass: OutboxNotifier },
      {
        provide: Mailer,
        inject: [REDIS],
        useFactory: (redis: Redis) =>
          config.smtpUrl ? new SmtpMailer(config.smtpUrl, config.mailFrom) : new DevMailbox(redis, config.mailFrom),
      },
    ];
    if (devMailboxEnabled(config)) providers.push({ provide: DevMailbox, useExisting: Mailer });
    if (role === 'worker') providers.push(EmailProcessor);
    return {
      module: NotificationsModule,
      providers,
      controllers: role === 'web' && devMailboxEnabled(config) ? [DevMailboxController] : [],
      exports: [Notifier, MailRenderer, Mailer],
    };
  }
}
