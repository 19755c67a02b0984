export { IdentityModule, IdentityCommandsModule } from './identity.module';
export { RegisterSubscriber } from './application/commands/register-subscriber/register-subscriber.command';
export { DemoConfirmation } from './application/demo-confirmation';
