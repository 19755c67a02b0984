import { Body, Controller, Get, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { sendTable, tableFormatOf } from '@app/documents';
import { Clock, localMonthOf, Locale } from '@app/shared-kernel';
import { AuthenticatedSubscriber, CurrentSubscriber, Messages, RequestLocale, SubscriberPageGuard } from '@app/web';
import { ChargesBreakdownQuery } from '../../application/queries/charges-breakdown.query';
import { BillingReportModels } from '../../application/reports/billing-report-models';
import { previousPeriod, yearMonthOf } from '../../domain/billing-period';
import { ReportDownloads } from './report-downloads';
import { periodFrom, periodPicker } from './billing-period-form';

/** «Расшифровка начислений» (manual, Рисунок 14): opens on the previous month; a GET form, so the URL can be shared. */
@ApiExcludeController()
@Controller('cabinet/charges')
@UseGuards(SubscriberPageGuard)
export class ChargesPageController {
  constructor(
    private readonly models: BillingReportModels,
    private readonly breakdown: ChargesBreakdownQuery,
    private readonly downloads: ReportDownloads,
    private readonly messages: Messages,
    private readonly clock: Clock,
  ) {}

  /** The page, or with `format=csv|xlsx` («Скачать CSV», «Скачать Excel») the same table as a file. */
  @Get()
  async page(
    @CurrentSubscriber() subscriber: AuthenticatedSubscriber,
    @Query('month') month: unknown,
    @Query('year') year: unknown,
    @Query('format') format: unknown,
    @RequestLocale() locale: Locale,
    @Res() res: Response,
  ): Promise<void> {
    const fallback = previousPeriod(this.clock.now());
    const asked = periodFrom(month, year, fallback);
    const period = asked ?? fallback;
    const download = tableFormatOf(format);
    if (download && asked !== null) {
      await sendTable(res, this.models.breakdownTable(await this.models.breakdownFigures(subscriber.contractNumber, period, locale), locale), download);
      return;
    }
    const report = await this.models.chargesBreakdown(subscriber.contractNumber, period, locale);
    const firstYear = await this.breakdown.firstYearOf(subscriber.contractNumber);
    const { year: selectedYear, month: selectedMonth } = yearMonthOf(period);
    res.status(asked === null ? 400 : 200).render('billing/charges', {
      title: this.messages.t('billing.breakdown.title', {}, locale),
      activeMenu: 'charges',
      error: asked === null ? this.messages.t('billing.breakdown.invalidPeriod', {}, locale) : null,
      picker: periodPicker(period, (m) => this.models.monthName(m, locale), localMonthOf(this.clock.now()), firstYear),
      report,
      reportAction: '/cabinet/charges/report',
      csvUrl: `/cabinet/charges?month=${selectedMonth}&year=${selectedYear}&format=csv`,
      xlsxUrl: `/cabinet/charges?month=${selectedMonth}&year=${selectedYear}&format=xlsx`,
      reportFields: [
        { name: 'month', value: String(selectedMonth) },
        { name: 'year', value: String(selectedYear) },
      ],
    });
  }

  /** «Скачать отчет» / «Отправить отчет на почту»: asks for the PDF and answers the PDF itself when it is ready at once (ReportDownloads), else its status page. */
  @Post('report')
  async report(@CurrentSubscriber() subscriber: AuthenticatedSubscriber, @Body() body: Record<string, unknown>, @RequestLocale() locale: Locale, @Res() res: Response): Promise<void> {
    const period = periodFrom(body.month, body.year, previousPeriod(this.clock.now()));
    if (!period) {
      res.redirect(303, '/cabinet/charges');
      return;
    }
    await this.downloads.request(subscriber, body.delivery === 'email' ? 'email' : 'download', { kind: 'charges-breakdown', period }, locale, res);
  }
}
