import { Body, Controller, Get, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Clock, DomainError, localMonthOf, Locale } from '@app/shared-kernel';
import { AuthenticatedSubscriber, CurrentSubscriber, Messages, RequestLocale, SubscriberPageGuard } from '@app/web';
import { ChargesBreakdownQuery } from '../../application/queries/charges-breakdown.query';
import { BillingReportModels } from '../../application/reports/billing-report-models';
import { addMonths, checkStatementRange, previousPeriod, yearMonthOf } from '../../domain/billing-period';
import { ReportDownloads } from './report-downloads';
import { periodFrom, periodPicker, statementRangeOf } from './billing-period-form';

interface RangeQuery {
  frommonth?: unknown;
  fromyear?: unknown;
  tomonth?: unknown;
  toyear?: unknown;
}

/** «Сверка взаиморасчетов»: a statement for a chosen range of months, on the page and as a PDF. */
@ApiExcludeController()
@Controller('cabinet/reconciliation')
@UseGuards(SubscriberPageGuard)
export class ReconciliationPageController {
  constructor(
    private readonly models: BillingReportModels,
    private readonly breakdown: ChargesBreakdownQuery,
    private readonly downloads: ReportDownloads,
    private readonly messages: Messages,
    private readonly clock: Clock,
  ) {}

  @Get()
  async page(@CurrentSubscriber() subscriber: AuthenticatedSubscriber, @Query() query: RangeQuery, @RequestLocale() locale: Locale, @Res() res: Response): Promise<void> {
    const latest = previousPeriod(this.clock.now());
    const { from, to, error } = this.rangeOf(query, latest, locale);
    const firstYear = await this.breakdown.firstYearOf(subscriber.contractNumber);
    const thisMonth = localMonthOf(this.clock.now());
    const monthName = (month: number) => this.models.monthName(month, locale);
    const report = error ? null : await this.models.reconciliation(subscriber.contractNumber, from, to, locale);
    res.status(error ? 400 : 200).render('billing/reconciliation', {
      title: this.messages.t('billing.reconciliation.title', {}, locale),
      activeMenu: 'reconciliation',
      error,
      fromPicker: periodPicker(from, monthName, thisMonth, firstYear),
      toPicker: periodPicker(to, monthName, thisMonth, firstYear),
      report,
      reportAction: '/cabinet/reconciliation/report',
      reportFields: [
        { name: 'frommonth', value: String(yearMonthOf(from).month) },
        { name: 'fromyear', value: String(yearMonthOf(from).year) },
        { name: 'tomonth', value: String(yearMonthOf(to).month) },
        { name: 'toyear', value: String(yearMonthOf(to).year) },
      ],
    });
  }

  @Post('report')
  async report(@CurrentSubscriber() subscriber: AuthenticatedSubscriber, @Body() body: RangeQuery & { delivery?: unknown }, @RequestLocale() locale: Locale, @Res() res: Response): Promise<void> {
    const { from, to, error } = this.rangeOf(body, previousPeriod(this.clock.now()), locale);
    if (error) {
      res.redirect(303, '/cabinet/reconciliation');
      return;
    }
    await this.downloads.request(subscriber, body.delivery === 'email' ? 'email' : 'download', { kind: 'reconciliation', from, to }, locale, res);
  }

  /** The asked range, or by default the three months up to the previous one. */
  private rangeOf(query: RangeQuery, latest: string, locale: Locale): { from: string; to: string; error: string | null } {
    const askedFrom = periodFrom(query.frommonth, query.fromyear, latest);
    const askedTo = periodFrom(query.tomonth, query.toyear, latest);
    const { from, to } = statementRangeOf(askedFrom ?? undefined, askedTo ?? undefined, latest);
    if (askedFrom === null || askedTo === null) return { from: askedFrom ?? addMonths(latest, -2), to: askedTo ?? latest, error: this.messages.t('billing.breakdown.invalidPeriod', {}, locale) };
    try {
      checkStatementRange(from, to);
    } catch (error) {
      if (error instanceof DomainError) return { from, to, error: this.messages.t(`errors.${error.code}`, error.details as Record<string, unknown>, locale) };
      throw error;
    }
    return { from, to, error: null };
  }
}
