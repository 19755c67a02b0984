export { IdentityModule, IdentityCommandsModule } from './identity.module';
export { RegisterSubscriber } from './application/commands/register-subscriber/register-subscriber.command';
export { ConfirmRegistration } from './application/commands/confirm-registration/confirm-registration.command';
export { DemoConfirmation } from './application/demo-confirmation';
export { SIGNED_IN_BY_ID } from './infrastructure/persistence/pg-subscriber-authenticator';
