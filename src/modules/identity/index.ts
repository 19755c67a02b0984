export { IdentityModule } from './identity.module';
export { SubscriberAuthGuard, CurrentSubscriber } from './interface/http/subscriber-auth.guard';
export type { AuthenticatedSubscriber } from './application/authenticated-subscriber';
