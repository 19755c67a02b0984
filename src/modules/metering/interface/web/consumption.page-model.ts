import { Injectable } from '@nestjs/common';
import type { TableExport } from '@app/documents';
import type { FixedDecimal, Locale } from '@app/shared-kernel';
import { Messages } from '@app/web';
import type { MeterConsumption } from '../../application/queries/consumption-history.query';
import type { ConsumptionMonth } from '../../domain/consumption-history';
import { READING_SCALE } from '../../domain/reading-value';
import { consumptionChart, ChartMonth } from './consumption-chart';
import { ReadingsPageModel } from './readings.page-model';

/**
 * Turns a meter's consumption history into the page «История потребления» (table, summary and the
 * SVG chart's model with its title and description) and into the table to download. Every text comes
 * from the catalogue in the request's language; month names are Billing's (`billing.periodLabel`,
 * `billing.months.*`), as the breakdown prints them.
 */
@Injectable()
export class ConsumptionPageModel {
  constructor(
    private readonly messages: Messages,
    private readonly readings: ReadingsPageModel,
  ) {}

  build(view: MeterConsumption, locale: Locale) {
    const { t } = this.messages.in(locale);
    const { history } = view;
    const meter = this.meterText(view, locale);
    const unit = t('metering.consumption.unit');
    const months = history.months.map((month) => ({
      label: this.monthLabel(month.period, locale),
      date: month.reading?.date ?? null,
      value: month.reading?.value.toDisplay() ?? null,
      source: month.reading ? this.readings.sourceLabel(month.reading.source, locale) : null,
      consumption: month.consumption?.toString() ?? null,
      note: month.why ? t(`metering.consumption.why.${month.why}`) : null,
    }));
    const range = history.from ? { from: this.monthLabel(history.from, locale), to: this.monthLabel(history.to, locale) } : null;
    return {
      title: t('metering.consumption.title'),
      activeMenu: 'readings',
      heading: t('metering.consumption.heading', meter),
      meta: t('metering.consumption.meta', { account: view.accountNumber, state: t(`metering.state.${view.state}`) }),
      empty: months.length === 0,
      months,
      tableCaption: range ? t('metering.consumption.tableCaption', range) : '',
      summary:
        history.countedMonths > 0
          ? t('metering.consumption.summary', { counted: history.countedMonths, total: history.total.toString(), average: history.average!.toString() })
          : t('metering.consumption.noSummary'),
      total: history.countedMonths > 0 ? history.total.toString() : null,
      chartId: 'consumption-chart',
      chartTitle: t('metering.consumption.chartTitle', meter),
      chartDesc: range ? this.description(history.months, range, view, locale) : '',
      unit,
      chart: consumptionChart(this.chartMonths(history.months, unit, locale), history.average ? { value: history.average.toString(), label: t('metering.consumption.average', { value: history.average.toString() }) } : null),
      csvUrl: `/cabinet/readings/${encodeURIComponent(view.meterId)}/consumption?format=csv`,
      xlsxUrl: `/cabinet/readings/${encodeURIComponent(view.meterId)}/consumption?format=xlsx`,
    };
  }

  /** The history as a table to download: one row per month, oldest first, then «Итого». */
  table(view: MeterConsumption, createdAt: Date, locale: Locale): TableExport {
    const { t } = this.messages.in(locale);
    const column = (key: string) => t(`metering.consumption.columns.${key}`);
    const { history } = view;
    return {
      filename: `consumption-${view.meterId}-${history.to}`,
      sheet: t('metering.consumption.sheet'),
      title: [
        t('metering.consumption.heading', this.meterText(view, locale)),
        t('metering.consumption.fileMeter', { ...this.meterText(view, locale), account: view.accountNumber }),
        t('metering.consumption.rules'),
      ],
      columns: [
        { header: column('month'), kind: 'text' },
        { header: column('date'), kind: 'date' },
        { header: column('value'), kind: 'decimal', scale: READING_SCALE },
        { header: column('source'), kind: 'text' },
        { header: column('consumption'), kind: 'decimal', scale: READING_SCALE },
        { header: column('note'), kind: 'text' },
      ],
      rows: history.months.map((month) => [
        this.monthLabel(month.period, locale),
        month.reading?.date ?? null,
        month.reading?.value.toString() ?? null,
        month.reading ? this.readings.sourceLabel(month.reading.source, locale) : null,
        month.consumption?.toString() ?? null,
        month.why ? t(`metering.consumption.why.${month.why}`) : null,
      ]),
      footer: [[t('metering.consumption.total'), null, null, null, history.total.toString(), null]],
      createdAt,
    };
  }

  /** «Октябрь 2026», «Қазан 2026», «October 2026». */
  monthLabel(period: string, locale: Locale): string {
    const [year, month] = period.split('-').map(Number);
    return this.messages.t('billing.periodLabel', { month: this.messages.t(`billing.months.${month}`, {}, locale), year }, locale);
  }

  private meterText(view: MeterConsumption, locale: Locale): { water: string; factoryNumber: string } {
    return { water: this.messages.t(`metering.water.${view.water}`, {}, locale), factoryNumber: view.factoryNumber ?? '-' };
  }

  private chartMonths(months: ConsumptionMonth[], unit: string, locale: Locale): ChartMonth[] {
    return months.map((month, i) => {
      const [year, number] = month.period.split('-');
      const label = this.monthLabel(month.period, locale);
      return {
        label,
        short: this.messages.t(`metering.consumption.monthsShort.${Number(number)}`, {}, locale),
        year: number === '01' || i === 0 ? year : null,
        fullYear: year,
        consumption: month.consumption?.toString() ?? null,
        tooltip: month.consumption ? `${label}: ${month.consumption.toString()} ${unit}` : this.messages.t('metering.consumption.tooltipNone', { month: label }, locale),
      };
    });
  }

  /** The chart's <desc>: the range, the figures, the months without a consumption, and where the table is. */
  private description(months: ConsumptionMonth[], range: { from: string; to: string }, view: MeterConsumption, locale: Locale): string {
    const { t } = this.messages.in(locale);
    const parts = [t('metering.consumption.chartDesc', range)];
    const counted = months.filter((month): month is ConsumptionMonth & { consumption: FixedDecimal } => month.consumption !== null);
    if (counted.length > 0) {
      const most = counted.reduce((max, month) => (month.consumption.compare(max.consumption) > 0 ? month : max));
      const { history } = view;
      parts.push(
        t('metering.consumption.chartDescFigures', {
          counted: counted.length,
          total: history.total.toString(),
          average: history.average!.toString(),
          max: most.consumption.toString(),
          maxMonth: this.monthLabel(most.period, locale),
        }),
      );
    } else {
      parts.push(t('metering.consumption.noSummary'));
    }
    const without = months.filter((month) => month.consumption === null).map((month) => this.monthLabel(month.period, locale));
    if (without.length > 0) parts.push(t('metering.consumption.chartDescGaps', { months: without.join(', ') }));
    parts.push(t('metering.consumption.chartDescTable'));
    return parts.join(' ');
  }
}
