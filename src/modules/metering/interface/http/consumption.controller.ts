import { Controller, Get, Headers, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { sendTable, tableFormatOf } from '@app/documents';
import { Clock, Locale } from '@app/shared-kernel';
import { AuthenticatedSubscriber, CurrentSubscriber, RequestLocale, SubscriberApiGuard, TemplateRegistry } from '@app/web';
import { ConsumptionHistoryQuery, MeterConsumption } from '../../application/queries/consumption-history.query';
import { ConsumptionPageModel } from '../web/consumption.page-model';
import { ReadingsPageModel } from '../web/readings.page-model';
import { ConsumptionDto } from './consumption.dto';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * GET /api/v1/meters/:meterId/consumption: the consumption history of the page «История потребления»
 * (the same query and rules), as JSON, as the table to download (CSV, XLSX) or as the page's SVG chart.
 */
@ApiTags('Показания приборов учёта')
@ApiBearerAuth()
@ApiExtraModels(ConsumptionDto)
@ApiResponse({ status: 401, description: 'No or invalid bearer token (problem+json)' })
@Controller('api/v1/meters')
@UseGuards(SubscriberApiGuard)
export class ConsumptionController {
  constructor(
    private readonly query: ConsumptionHistoryQuery,
    private readonly model: ConsumptionPageModel,
    private readonly labels: ReadingsPageModel,
    private readonly templates: TemplateRegistry,
    private readonly clock: Clock,
  ) {}

  @Get(':meterId/consumption')
  @ApiOperation({
    summary: "A meter's monthly consumption, up to 24 months",
    description:
      "From the readings the cabinet knows: its own (not rejected) and those the back office published. A month's reading is the latest in it; its consumption is that reading minus the month before's, " +
      'told only when both months have one, of the same meter, and it is not lower (docs/api.md). `?format=csv` or `xlsx` (or Accept) gives the table to download (CSV for Excel in Kazakhstan: UTF-8 with BOM, «;», decimal comma); `?format=svg` the chart the page shows. Texts are in the language of Accept-Language (ru, kk, en).',
  })
  @ApiParam({ name: 'meterId', example: '2666-cold-12223773' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx', 'svg'] })
  @ApiOkResponse({
    description: 'The history (JSON), the table (CSV, XLSX) or the chart (SVG)',
    content: {
      'application/json': {
        schema: { $ref: getSchemaPath(ConsumptionDto) },
        example: {
          meterId: '2666-cold-12223773',
          accountNumber: '00009177',
          water: 'cold',
          factoryNumber: '12223773',
          state: 'installed',
          from: '2026-08',
          to: '2026-11',
          months: [
            { period: '2026-08', reading: { value: '100.000', date: '2026-08-24', source: 'controller', sourceLabel: 'Контролёр', origin: 'back-office' }, consumption: null, noConsumption: 'no-previous' },
            { period: '2026-09', reading: null, consumption: null, noConsumption: 'no-reading' },
            { period: '2026-10', reading: { value: '131.200', date: '2026-10-24', source: 'controller', sourceLabel: 'Контролёр', origin: 'back-office' }, consumption: null, noConsumption: 'no-previous' },
            { period: '2026-11', reading: { value: '145.554', date: '2026-11-20', source: 'api', sourceLabel: 'API', origin: 'cabinet' }, consumption: '14.354', noConsumption: null },
          ],
          total: '14.354',
          countedMonths: 1,
          average: '14.354',
        },
      },
      'text/csv': {
        schema: { type: 'string' },
        example:
          '\ufeffМесяц;Дата показаний;Показания, м³;Источник;Расход, м³;Примечание\r\nОктябрь 2026;2026-10-24;131,200;Контролёр;;нет показаний за предыдущий месяц\r\nНоябрь 2026;2026-11-20;145,554;API;14,354;\r\nИтого;;;;14,354;\r\n',
      },
      [XLSX]: { schema: { type: 'string', format: 'binary' } },
      'image/svg+xml': { schema: { type: 'string' } },
    },
  })
  @ApiResponse({
    status: 404,
    description: 'METERING.METER_NOT_FOUND: no such meter among the contract’s',
    content: { 'application/problem+json': { example: { type: 'urn:vodokanal:problem:METERING.METER_NOT_FOUND', title: 'Прибор учёта не найден среди приборов вашего договора.', status: 404, code: 'METERING.METER_NOT_FOUND', instance: '/api/v1/meters/M-1/consumption' } } },
  })
  @ApiResponse({ status: 400, description: 'DOCUMENTS.UNSUPPORTED_FORMAT: `format` is none of json, csv, xlsx, svg' })
  async consumption(
    @CurrentSubscriber() subscriber: AuthenticatedSubscriber,
    @Param('meterId') meterId: string,
    @Query('format') format: unknown,
    @Headers('accept') accept: string | undefined,
    @RequestLocale() locale: Locale,
    @Res() res: Response,
  ): Promise<void> {
    const svg = format === 'svg' || (format === undefined && (accept ?? '').includes('image/svg+xml'));
    const table = svg ? undefined : tableFormatOf(format, accept);
    const view = await this.query.ofMeter(subscriber.contractNumber, meterId);
    if (table) {
      await sendTable(res, this.model.table(view, this.clock.now(), locale), table);
    } else if (svg) {
      res.type('image/svg+xml; charset=utf-8').send(this.templates.render('metering/partials/consumption-chart', { ...this.model.build(view, locale), locale }));
    } else {
      res.json(this.dto(view, locale));
    }
  }

  private dto(view: MeterConsumption, locale: Locale): ConsumptionDto {
    const { history } = view;
    return {
      meterId: view.meterId,
      accountNumber: view.accountNumber,
      water: view.water,
      factoryNumber: view.factoryNumber,
      state: view.state,
      from: history.from,
      to: history.to,
      months: history.months.map((month) => ({
        period: month.period,
        reading: month.reading
          ? { value: month.reading.value.toString(), date: month.reading.date, source: month.reading.source, sourceLabel: this.labels.sourceLabel(month.reading.source, locale), origin: month.reading.origin }
          : null,
        consumption: month.consumption?.toString() ?? null,
        noConsumption: month.why,
      })),
      total: history.total.toString(),
      countedMonths: history.countedMonths,
      average: history.average?.toString() ?? null,
    };
  }
}
