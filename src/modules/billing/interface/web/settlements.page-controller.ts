import { Controller, Get, Render, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Clock, Locale } from '@app/shared-kernel';
import { AuthenticatedSubscriber, CurrentSubscriber, Messages, RequestLocale, SubscriberPageGuard } from '@app/web';
import { BillingReportModels } from '../../application/reports/billing-report-models';
import { previousPeriod } from '../../domain/billing-period';

/** «Состояние взаиморасчетов»: the contract's balance now, and the last period's opening, charges, payments and closing. */
@ApiExcludeController()
@Controller('cabinet/settlements')
@UseGuards(SubscriberPageGuard)
export class SettlementsPageController {
  constructor(
    private readonly models: BillingReportModels,
    private readonly messages: Messages,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Render('billing/settlements')
  async page(@CurrentSubscriber() subscriber: AuthenticatedSubscriber, @RequestLocale() locale: Locale) {
    return {
      title: this.messages.t('billing.settlements.title', {}, locale),
      activeMenu: 'settlements',
      report: await this.models.settlements(subscriber.contractNumber, previousPeriod(this.clock.now()), locale),
    };
  }
}
