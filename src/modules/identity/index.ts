export { IdentityModule, IdentityCommandsModule } from './identity.module';
export { SubscriberAuthGuard, CurrentSubscriber } from './interface/http/subscriber-auth.guard';
export type { AuthenticatedSubscriber } from './application/authenticated-subscriber';
export { RegisterSubscriber } from './application/commands/register-subscriber/register-subscriber.command';
export { ConfirmRegistration } from './application/commands/confirm-registration/confirm-registration.command';
export { DemoConfirmation } from './application/demo-confirmation';
export { SIGNED_IN_BY_ID } from './application/subscriber-authenticator';
