import { Module } from '@nestjs/common';
import { BackofficeEventValidator } from '@app/messaging';
import { BillingModule } from '@modules/billing';
import { MeteringWorkerModule } from '@modules/metering';
import { backofficeInboundOptions } from './backoffice-inbound.options';
import { BACKOFFICE_INBOUND_OPTIONS, BackofficeInboundProcessor } from './backoffice-inbound.processor';
import { InboundEventLedger } from './inbound-event-ledger';
import { InboundRevisions } from './inbound-revisions';

/** The worker side of the back-office integration: the inbound processor and the contexts it drives. */
@Module({
  imports: [BillingModule, MeteringWorkerModule],
  providers: [
    BackofficeInboundProcessor,
    InboundEventLedger,
    InboundRevisions,
    { provide: BackofficeEventValidator, useFactory: () => new BackofficeEventValidator() },
    { provide: BACKOFFICE_INBOUND_OPTIONS, useFactory: () => backofficeInboundOptions() },
  ],
})
export class BackofficeInboundModule {}
