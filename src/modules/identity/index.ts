export { IdentityModule, IdentityCommandsModule } from './identity.module';
export { RegisterSubscriber } from './application/commands/register-subscriber/register-subscriber.command';
export { ConfirmRegistration } from './application/commands/confirm-registration/confirm-registration.command';
export { DemoConfirmation } from './application/demo-confirmation';
