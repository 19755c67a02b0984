import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { sendTable, tableFormatOf } from '@app/documents';
import { Clock, Locale } from '@app/shared-kernel';
import { AuthenticatedSubscriber, CurrentSubscriber, RequestLocale, SubscriberPageGuard } from '@app/web';
import { ConsumptionHistoryQuery } from '../../application/queries/consumption-history.query';
import { ConsumptionPageModel } from './consumption.page-model';

/**
 * «История потребления» of one meter, linked from «Показания приборов учёта»: the monthly consumption
 * of up to 24 months as a chart drawn here as SVG (no script) and as a table with the same figures;
 * with `format=csv|xlsx` («Скачать CSV», «Скачать Excel») the table as a file. Another contract's
 * meter is not found (METERING.METER_NOT_FOUND, 404).
 */
@ApiExcludeController()
@Controller('cabinet/readings/:meterId/consumption')
@UseGuards(SubscriberPageGuard)
export class ConsumptionPageController {
  constructor(
    private readonly query: ConsumptionHistoryQuery,
    private readonly model: ConsumptionPageModel,
    private readonly clock: Clock,
  ) {}

  @Get()
  async page(
    @CurrentSubscriber() subscriber: AuthenticatedSubscriber,
    @Param('meterId') meterId: string,
    @Query('format') format: unknown,
    @RequestLocale() locale: Locale,
    @Res() res: Response,
  ): Promise<void> {
    const download = tableFormatOf(format);
    const view = await this.query.ofMeter(subscriber.contractNumber, meterId);
    if (download) {
      await sendTable(res, this.model.table(view, this.clock.now(), locale), download);
      return;
    }
    res.render('metering/consumption', this.model.build(view, locale));
  }
}
