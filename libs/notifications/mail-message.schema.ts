import { EntitySchema } from '@mikro-orm/core';
import { MailMessage } from './mail-message';

export const MailMessageSchema = new EntitySchema<MailMessage>({
  class: MailMessage,
  tableName: 'mail_message',
  properties: {
    id: { type: 'uuid', primary: true },
    template: { type: 'text' },
    recipient: { type: 'text' },
    locale: { type: 'text', default: 'ru' },
    sealedParams: { type: 'text', nullable: true },
    status: { type: 'text', default: 'pending' },
    createdAt: { type: 'datetime', defaultRaw: 'now()' },
    sentAt: { type: 'datetime', nullable: true },
    attempts: { type: 'integer', default: 0 },
    lastError: { type: 'text', nullable: true },
    attachments: { type: 'json', nullable: true },
  },
});
