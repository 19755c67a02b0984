export { MailAttachments } from './mail-attachments';
export { MailRenderer } from './mail-renderer';
export type { MailAttachment } from './mailer';
export { NotificationsModule } from './notifications.module';
export { Notifier } from './notifier';
