export { IdentityModule, IdentityCommandsModule, IdentityDirectoryModule } from './identity.module';
export { SubscriberDirectory } from './application/subscriber-directory';
export type { NoticeRecipient } from './application/subscriber-directory';
export { RegisterSubscriber } from './application/commands/register-subscriber/register-subscriber.command';
export { DemoConfirmation } from './application/demo-confirmation';
