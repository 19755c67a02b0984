import { DynamicModule, Module, Type } from '@nestjs/common';
import { SubscriberSessionStrategy } from './subscriber-session.strategy';
import { SubscriberTokenStrategy } from './subscriber-token.strategy';

/**
 * "Who is signed in" for the web process: the session and bearer-token strategies over the
 * SubscriberAuthenticator that `authenticatorModule` exports (Identity's module). The web process's
 * composition root imports `SubscriberAuthModule.forRoot(IdentityModule)` once; so this library names no
 * bounded context, and Identity need not be global nor imported by the contexts whose controllers use
 * the guards.
 *
 * The guards themselves need nothing from the injector: an AuthGuard finds its strategy by name in
 * passport, where a strategy registers itself when the injector creates it here. A controller of any
 * context therefore needs only `@UseGuards(SubscriberPageGuard)` or `@UseGuards(SubscriberApiGuard)`.
 */
@Module({})
export class SubscriberAuthModule {
  static forRoot(authenticatorModule: Type | DynamicModule): DynamicModule {
    return {
      module: SubscriberAuthModule,
      imports: [authenticatorModule],
      providers: [SubscriberSessionStrategy, SubscriberTokenStrategy],
    };
  }
}
