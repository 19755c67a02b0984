import { BadRequestException, Body, Controller, Get, Headers, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { Commands } from '@app/persistence';
import type { Locale } from '@app/shared-kernel';
import { AuthenticatedSubscriber, CurrentSubscriber, RequestLocale, SubscriberApiGuard } from '@app/web';
import { SubmitReadings, SubmitReadingsResult } from '../../application/commands/submit-readings/submit-readings.command';
import { MeterReadingsQuery } from '../../application/queries/meter-readings.query';
import { ReadingsPageModel } from '../web/readings.page-model';
import { MetersDto, SubmissionDto, SubmitReadingsDto } from './readings.dto';

const problem = (status: number, code: string, title: string, extra: Record<string, unknown> = {}) => ({
  description: `${code}: ${title}`,
  content: { 'application/problem+json': { example: { type: `urn:vodokanal:problem:${code}`, title, status, code, instance: '/api/v1/readings', ...extra } } },
});

@ApiTags('Показания приборов учёта')
@ApiBearerAuth()
@ApiExtraModels(MetersDto, SubmissionDto)
@ApiResponse({ status: 401, description: 'No or invalid bearer token (problem+json)' })
@Controller('api/v1')
@UseGuards(SubscriberApiGuard)
export class ReadingsController {
  constructor(
    private readonly commands: Commands,
    private readonly query: MeterReadingsQuery,
    private readonly labels: ReadingsPageModel,
  ) {}

  @Get('meters')
  @ApiOperation({ summary: "The subscriber's meters with their current state, previous and this month's reading" })
  @ApiOkResponse({
    type: MetersDto,
    schema: {
      example: {
        contractNumber: '2666',
        period: '2026-11',
        workingMeters: 1,
        meters: [
          {
            meterId: 'M-2666-1', accountNumber: '00009177', water: 'cold', factoryNumber: '12223773', verificationDate: '2030-09-10', state: 'installed', acceptsReadings: true,
            previousReading: { value: '140.000', display: '00000140.000', date: '2026-10-20', source: 'controller', sourceLabel: 'Контролёр' },
            currentReading: { value: '145.554', display: '00000145.554', date: '2026-11-20', source: 'api', sourceLabel: 'API', status: 'pending', statusLabel: 'В обработке', rejectionReason: null, submissionId: '3f1c2a9e-4b7d-4a8e-9c55-0d2f6a1b7e10' },
          },
          { meterId: 'M-2666-2', accountNumber: '00009177', water: 'hot', factoryNumber: null, verificationDate: null, state: 'removed', acceptsReadings: false, previousReading: null, currentReading: null },
        ],
      },
    },
  })
  async meters(@CurrentSubscriber() subscriber: AuthenticatedSubscriber, @RequestLocale() locale: Locale): Promise<MetersDto> {
    const view = await this.query.ofContract(subscriber.contractNumber);
    return {
      contractNumber: subscriber.contractNumber,
      period: view.period,
      workingMeters: view.workingMeters,
      meters: view.meters.map((meter) => ({
        meterId: meter.meterId,
        accountNumber: meter.accountNumber,
        water: meter.water,
        factoryNumber: meter.factoryNumber,
        verificationDate: meter.verificationDate,
        state: meter.state,
        acceptsReadings: meter.acceptsReadings,
        previousReading: meter.previous ? { ...meter.previous, sourceLabel: this.labels.sourceLabel(meter.previous.source, locale) } : null,
        currentReading: meter.current
          ? {
              value: meter.current.value,
              display: meter.current.display,
              date: meter.current.date,
              source: meter.current.source,
              sourceLabel: this.labels.sourceLabel(meter.current.source, locale),
              status: meter.current.status,
              statusLabel: this.labels.statusText(meter.current.status, meter.current.rejectionReason, locale) ?? '',
              rejectionReason: meter.current.rejectionReason,
              submissionId: meter.current.submissionId,
            }
          : null,
      })),
    };
  }

  @Post('readings')
  @HttpCode(201)
  @ApiOperation({
    summary: "Submit this month's readings (all or nothing)",
    description:
      "Each reading goes through the meter's rules; if any is refused, nothing is saved and the problem lists every refused row (errors[].field = meterId). " +
      "A reading submitted this month can be corrected until the back office processes it. Send an Idempotency-Key: a retry with the same key returns the original result (header Idempotent-Replayed: true) and never creates a second reading or event. " +
      'Source of the readings: «API».',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Any unique string (8–100 of A–Z a–z 0–9 _ -), e.g. a UUID, the same for retries of one submission', example: '0b8f5f8e-2c1e-4c1a-9a59-5f0c3d3e9b21' })
  @ApiBody({
    type: SubmitReadingsDto,
    examples: {
      twoMeters: { summary: 'Both meters', value: { readings: [{ meterId: 'M-2666-1', value: '145.554' }, { meterId: 'M-2666-2', value: '37.200' }] } },
      oneConfirmed: { summary: 'Only one of two working meters, confirmed', value: { readings: [{ meterId: 'M-2666-1', value: '145.554' }], confirmSingleMeter: true } },
      unusualConfirmed: { summary: 'An unusual consumption, checked and confirmed', value: { readings: [{ meterId: 'M-2666-1', value: '175.554' }, { meterId: 'M-2666-2', value: '37.200' }], confirmUnusual: true } },
    },
  })
  @ApiCreatedResponse({
    type: SubmissionDto,
    schema: { example: { submissionId: '3f1c2a9e-4b7d-4a8e-9c55-0d2f6a1b7e10', replayed: false, changed: true, source: 'api', readings: [{ meterId: 'M-2666-1', value: '145.554', date: '2026-11-20', status: 'pending' }] } },
  })
  @ApiResponse({ status: 400, description: 'Malformed body or Idempotency-Key (problem+json)' })
  @ApiResponse({ status: 409, ...problem(409, 'METERING.IDEMPOTENCY_KEY_CONFLICT', 'Эта форма уже была отправлена с другими показаниями. Обновите страницу и передайте показания снова.') })
  @ApiResponse({
    status: 422,
    description:
      'A refused submission. code METERING.SUBMISSION_REFUSED with errors[] per row: METERING.NO_FACTORY_NUMBER, METERING.METER_REMOVED, METERING.VERIFICATION_EXPIRED, METERING.READING_NOT_A_NUMBER, METERING.READING_NEGATIVE, ' +
      'METERING.READING_TOO_MANY_DIGITS, METERING.READING_BELOW_PREVIOUS, METERING.READING_ALREADY_PROCESSED, METERING.METER_NOT_FOUND; or METERING.SINGLE_METER_CONFIRMATION_REQUIRED (send confirmSingleMeter: true), METERING.NOTHING_ENTERED; ' +
      'or METERING.UNUSUAL_CONSUMPTION (a warning, not a refusal: check the values and send them again with confirmUnusual: true), with errors[] per meter (METERING.UNUSUAL_CONSUMPTION_OF_METER) whose details hold the figures as decimal strings.',
    content: {
      'application/problem+json': {
        examples: {
          refused: {
            summary: 'Rows refused',
            value: {
              type: 'urn:vodokanal:problem:METERING.SUBMISSION_REFUSED', title: 'Показания не переданы: исправьте ошибки в строках.', status: 422, code: 'METERING.SUBMISSION_REFUSED', instance: '/api/v1/readings',
              errors: [
                { code: 'METERING.METER_REMOVED', detail: 'Невозможно передать показания на не работающий прибор учета!', field: 'M-2666-2', details: { field: 'M-2666-2' } },
                { code: 'METERING.READING_BELOW_PREVIOUS', detail: 'Показания не могут быть меньше предыдущих (00000140.000).', field: 'M-2666-1', details: { field: 'M-2666-1', previous: '00000140.000' } },
              ],
            },
          },
          unusual: {
            summary: 'An unusual consumption, not confirmed',
            value: {
              type: 'urn:vodokanal:problem:METERING.UNUSUAL_CONSUMPTION', title: 'Расход по счётчикам намного больше обычного: проверьте показания и подтвердите передачу (confirmUnusual: true).', status: 422, code: 'METERING.UNUSUAL_CONSUMPTION', instance: '/api/v1/readings',
              errors: [
                {
                  code: 'METERING.UNUSUAL_CONSUMPTION_OF_METER', detail: 'Расход по счётчику № 12223773 за месяц составит 45.554 м³, а обычно — 12.300 м³ в месяц. Проверьте показания.', field: 'M-2666-1',
                  details: { field: 'M-2666-1', factoryNumber: '12223773', consumption: '45.554', average: '12.300', ratio: '3.7', months: 12 },
                },
              ],
            },
          },
          confirm: {
            summary: 'One meter of several, not confirmed',
            value: { type: 'urn:vodokanal:problem:METERING.SINGLE_METER_CONFIRMATION_REQUIRED', title: 'Показания указаны только по одному счётчику из 2: подтвердите передачу (confirmSingleMeter: true).', status: 422, code: 'METERING.SINGLE_METER_CONFIRMATION_REQUIRED', instance: '/api/v1/readings' },
          },
        },
      },
    },
  })
  async submit(
    @CurrentSubscriber() subscriber: AuthenticatedSubscriber,
    @Body() body: SubmitReadingsDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SubmissionDto> {
    if (idempotencyKey !== undefined && !/^[\w-]{8,100}$/.test(idempotencyKey)) {
      throw new BadRequestException({ code: 'REQUEST.IDEMPOTENCY_KEY_INVALID' });
    }
    const result = await this.commands.execute<SubmitReadingsResult>(
      new SubmitReadings({
        contractNumber: subscriber.contractNumber,
        source: 'api',
        idempotencyKey: idempotencyKey ?? randomUUID(),
        readings: body.readings.map((row) => ({ meterId: row.meterId, value: row.value })),
        confirmSingleMeter: body.confirmSingleMeter === true,
        confirmUnusual: body.confirmUnusual === true,
      }),
    );
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return { submissionId: result.submissionId, replayed: result.replayed, changed: result.changed, source: 'api', readings: result.readings };
  }
}
