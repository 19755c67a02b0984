import { Injectable } from '@nestjs/common';
import { formatGroupedDecimal, formatLocalDate, type Locale } from '@app/shared-kernel';
import { Messages } from '@app/web';
import type { MeterReadingsView, MeterView } from '../../application/queries/meter-readings.query';
import { isProcessed } from '../../domain/reading.entity';
import { verificationStanding } from '../../domain/verification-reminder';

/** Typed values and row errors to show again after a refused submission. */
export interface FormState {
  values: Map<string, string>;
  errors: Map<string, string>;
  formError: string | null;
  idempotencyKey: string;
  /** The single-meter confirmation was given with this post (kept for the next one). */
  confirmedSingleMeter: boolean;
  /** The figures of each unusual consumption to ask about (METERING.UNUSUAL_CONSUMPTION_OF_METER details). */
  unusual?: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

/** Turns the query's view into the template model of metering/readings (every text from the catalogue, in the page's language). */
@Injectable()
export class ReadingsPageModel {
  constructor(private readonly messages: Messages) {}

  sourceLabel(source: string, locale: Locale): string {
    const key = `metering.sources.${source}`;
    return this.messages.has(key, locale) ? this.messages.t(key, {}, locale) : source;
  }

  statusText(status: string | null, reason: string | null, locale: Locale): string | null {
    if (status === null) return null;
    if (status === 'rejected') return reason ? this.messages.t('metering.status.rejected', { reason }, locale) : this.messages.t('metering.status.rejectedNoReason', {}, locale);
    return this.messages.t(`metering.status.${status}`, {}, locale);
  }

  build(view: MeterReadingsView, context: { contractNumber: string; heatMeter: boolean; form: FormState; info: string | null }, locale: Locale) {
    const { t } = this.messages.in(locale);
    const meters = view.meters.map((meter, index) => this.row(meter, index, context.form, locale));
    return {
      title: t('metering.readings.title'),
      activeMenu: 'readings',
      caption: t('metering.readings.caption', { contract: context.contractNumber }),
      heatMeter: context.heatMeter,
      inProcessing: view.meters.some((meter) => meter.current?.status === 'pending'),
      formError: context.form.formError,
      info: context.info,
      idempotencyKey: context.form.idempotencyKey,
      confirmedSingleMeter: context.form.confirmedSingleMeter,
      unusual: context.form.unusual?.length ? context.form.unusual.map((figures) => this.unusualText(figures, locale)) : null,
      verificationNotices: view.meters.flatMap((meter) => this.verificationNotice(meter, view.today, locale) ?? []),
      workingMeters: view.workingMeters,
      hasMeters: meters.length > 0,
      hasEditable: meters.some((meter) => meter.editable),
      meters,
      confirmText: t('metering.readings.confirm.text', { working: view.workingMeters }),
      histories: view.meters.map((meter) => ({
        heading: t('metering.readings.history.meter', { water: t(`metering.water.${meter.water}`), factoryNumber: meter.factoryNumber ?? '-' }),
        consumptionUrl: `/cabinet/readings/${encodeURIComponent(meter.meterId)}/consumption`,
        empty: meter.history.length === 0,
        rows: meter.history.map((row) => ({
          date: row.date,
          value: row.display,
          consumption: row.consumption,
          source: this.sourceLabel(row.source, locale),
          status: this.statusText(row.status, row.rejectionReason, locale),
        })),
      })),
    };
  }

  /** «Расход по счётчику № … за месяц составит N м³ — в K раз больше обычного.», figures in the page's language. */
  private unusualText(figures: Readonly<Record<string, unknown>>, locale: Locale): string {
    const number = (value: unknown) => formatGroupedDecimal(String(value), locale);
    const params = { factoryNumber: String(figures.factoryNumber), consumption: number(figures.consumption), average: number(figures.average), ratio: figures.ratio === null ? '' : number(figures.ratio) };
    return this.messages.t(figures.ratio === null ? 'metering.readings.unusual.meterNoRatio' : 'metering.readings.unusual.meter', params, locale);
  }

  /** The notice for a working meter whose verification ends within VERIFICATION_NOTICE_DAYS days, or has ended. */
  private verificationNotice(meter: MeterView, today: string, locale: Locale): { text: string; overdue: boolean } | null {
    const standing = verificationStanding(meter, today);
    if (standing === null) return null;
    const params = { factoryNumber: meter.factoryNumber ?? '-', date: formatLocalDate(meter.verificationDate!, locale) };
    return { text: this.messages.t(`metering.readings.verification.${standing}`, params, locale), overdue: standing === 'overdue' };
  }

  private row(meter: MeterView, index: number, form: FormState, locale: Locale) {
    const { t } = this.messages.in(locale);
    const water = t(`metering.water.${meter.water}`);
    const locked = meter.current !== null && isProcessed(meter.current.status);
    const typed = form.values.get(meter.meterId);
    const error = form.errors.get(meter.meterId) ?? null;
    return {
      meterId: meter.meterId,
      inputId: `reading-${index}`,
      errorId: `reading-${index}-error`,
      water,
      factoryNumber: meter.factoryNumber,
      verificationDate: meter.verificationDate,
      state: t(`metering.state.${meter.state}`),
      previousDate: meter.previous?.date ?? null,
      previousValue: meter.previous?.display ?? null,
      previousSource: meter.previous ? this.sourceLabel(meter.previous.source, locale) : null,
      editable: !locked,
      inputValue: typed ?? meter.current?.display ?? '',
      currentValue: meter.current?.display ?? null,
      currentDate: meter.current?.date ?? null,
      currentSource: meter.current ? this.sourceLabel(meter.current.source, locale) : null,
      status: meter.current ? this.statusText(meter.current.status, meter.current.rejectionReason, locale) : null,
      statusClass: meter.current ? `status-${meter.current.status}` : '',
      label: t('metering.readings.inputLabel', { water, factoryNumber: meter.factoryNumber ?? '-' }),
      error,
    };
  }
}
