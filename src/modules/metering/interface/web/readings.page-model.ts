import { Injectable } from '@nestjs/common';
import type { Locale } from '@app/shared-kernel';
import { Messages } from '@app/web';
import type { MeterReadingsView, MeterView } from '../../application/queries/meter-readings.query';
import { isProcessed } from '../../domain/reading.entity';

/** Typed values and row errors to show again after a refused submission. */
export interface FormState {
  values: Map<string, string>;
  errors: Map<string, string>;
  formError: string | null;
  idempotencyKey: string;
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
