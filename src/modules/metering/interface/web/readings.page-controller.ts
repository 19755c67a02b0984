import { Body, Controller, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { Commands } from '@app/persistence';
import { DomainError, DomainErrors, Locale } from '@app/shared-kernel';
import { AuthenticatedSubscriber, CurrentSubscriber, flash, Messages, RequestLocale, SubscriberPageGuard, Translator } from '@app/web';
import { ContractDirectory } from '@modules/billing';
import { SubmitReadings, SubmitReadingsResult } from '../../application/commands/submit-readings/submit-readings.command';
import { MeterReadingsQuery } from '../../application/queries/meter-readings.query';
import { FormState, ReadingsPageModel } from './readings.page-model';

/** The form as posted: parallel `meterId`/`value` fields (one pair per editable meter). */
interface ReadingsForm {
  idempotencyKey?: string;
  meterId?: string | string[];
  value?: string | string[];
  confirmSingleMeter?: string;
  /** «Передать» in the dialog about an unusual consumption. */
  confirmUnusual?: string;
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** «Показания приборов учёта» (manual: «Передача показаний», Рисунок 13). Works without JavaScript. */
@ApiExcludeController()
@Controller('cabinet/readings')
@UseGuards(SubscriberPageGuard)
export class ReadingsPageController {
  constructor(
    private readonly commands: Commands,
    private readonly query: MeterReadingsQuery,
    private readonly contracts: ContractDirectory,
    private readonly model: ReadingsPageModel,
    private readonly messages: Messages,
  ) {}

  @Get()
  async page(@CurrentSubscriber() subscriber: AuthenticatedSubscriber, @Query('cancelled') cancelled: string | undefined, @RequestLocale() locale: Locale, @Res() res: Response): Promise<void> {
    const form: FormState = { values: new Map(), errors: new Map(), formError: null, idempotencyKey: randomUUID(), confirmedSingleMeter: false };
    await this.render(res, subscriber, form, cancelled === '1' ? this.messages.t('metering.readings.confirm.cancelled', {}, locale) : null, 200, locale);
  }

  @Post()
  async submit(@CurrentSubscriber() subscriber: AuthenticatedSubscriber, @Body() body: ReadingsForm, @RequestLocale() locale: Locale, @Req() req: Request, @Res() res: Response): Promise<void> {
    const messages = this.messages.in(locale);
    const meterIds = list(body.meterId);
    const values = list(body.value);
    const rows = meterIds.map((meterId, i) => ({ meterId, value: (values[i] ?? '').slice(0, 64) }));
    const idempotencyKey = typeof body.idempotencyKey === 'string' && /^[\w-]{8,100}$/.test(body.idempotencyKey) ? body.idempotencyKey : randomUUID();
    const confirmSingleMeter = body.confirmSingleMeter === '1';
    const form: FormState = { values: new Map(rows.map((row) => [row.meterId, row.value])), errors: new Map(), formError: null, idempotencyKey, confirmedSingleMeter: confirmSingleMeter };
    try {
      const result = await this.commands.execute<SubmitReadingsResult>(
        new SubmitReadings({ contractNumber: subscriber.contractNumber, source: 'site', idempotencyKey, readings: rows, confirmSingleMeter, confirmUnusual: body.confirmUnusual === '1' }),
      );
      if (!result.changed) flash(req, 'info', messages.t('metering.readings.unchanged'));
      res.redirect(303, '/cabinet/readings');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'METERING.SINGLE_METER_CONFIRMATION_REQUIRED') {
        res.status(200).render('metering/confirm', {
          title: messages.t('metering.readings.confirm.title'),
          activeMenu: 'readings',
          text: messages.t('metering.readings.confirm.text', { working: error.details.workingMeters }),
          idempotencyKey,
          rows: rows.filter((row) => row.value.trim() !== ''),
        });
        return;
      }
      if (error instanceof DomainErrors && error.code === 'METERING.UNUSUAL_CONSUMPTION') {
        // A question, not a refusal: the page again with the typed values, and the dialog that asks.
        form.unusual = error.errors.map((unusual) => unusual.details);
        await this.render(res, subscriber, form, null, 200, locale);
        return;
      }
      if (error instanceof DomainErrors) {
        for (const rowError of error.errors) {
          const field = rowError.details.field;
          if (typeof field === 'string') form.errors.set(field, this.text(rowError, messages));
        }
        form.formError = messages.t('metering.readings.refused');
      } else {
        form.formError = this.text(error, messages);
      }
      await this.render(res, subscriber, form, null, 422, locale);
    }
  }

  private text(error: DomainError, messages: Translator): string {
    const key = `errors.${error.code}`;
    return messages.has(key) ? messages.t(key, error.details as Record<string, unknown>) : error.message;
  }

  private async render(res: Response, subscriber: AuthenticatedSubscriber, form: FormState, info: string | null, status: number, locale: Locale): Promise<void> {
    const [view, contract] = await Promise.all([this.query.ofContract(subscriber.contractNumber), this.contracts.findContract(subscriber.contractNumber)]);
    res.status(status).render('metering/readings', this.model.build(view, { contractNumber: subscriber.contractNumber, heatMeter: contract?.heatMeterInstalled ?? false, form, info }, locale));
  }
}
