import type { DynamicModule, Type } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { DocumentsModule } from '@app/documents';
import { SubscriberAuthModule } from '@app/web';
import { BillingWebModule } from '@modules/billing';
import { IdentityModule } from '@modules/identity';
import { MeteringModule, MeteringRemindersModule } from '@modules/metering';
import { BackofficeInboundModule } from './integration/backoffice-inbound.module';

/**
 * The bounded contexts each process runs. A context's module file exports a web-side and a
 * worker-side module (its processors); the entry points take them from here.
 */
export const BOUNDED_CONTEXTS = {
  web: (config: AppConfig): Array<Type | DynamicModule> => {
    // Who is signed in, for every context's pages and API: Identity's SubscriberAuthenticator.
    return [IdentityModule, SubscriberAuthModule.forRoot(IdentityModule), MeteringModule, BillingWebModule, DocumentsModule.forRoot(config, 'web')];
  },
  worker: (config: AppConfig): Array<Type | DynamicModule> => {
    return [BackofficeInboundModule, MeteringRemindersModule, DocumentsModule.forRoot(config, 'worker')];
  },
};
