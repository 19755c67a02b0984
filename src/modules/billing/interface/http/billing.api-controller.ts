import { Controller, Get, Headers, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { sendTable, tableFormatOf } from '@app/documents';
import { Clock, FixedDecimal, Locale } from '@app/shared-kernel';
import { AuthenticatedSubscriber, CurrentSubscriber, RequestLocale, SubscriberApiGuard } from '@app/web';
import { BillingReportModels } from '../../application/reports/billing-report-models';
import { previousPeriod } from '../../domain/billing-period';
import type { LedgerMonth } from '../../domain/ledger';
import { ChargesBreakdownDto, LedgerMonthDto, ReconciliationDto, SettlementsDto } from './billing.dto';
import { periodOfField, statementRangeOfFields } from './period-params';
import { INVALID_PERIOD, problem } from './problem-examples';

const CSV_EXAMPLE = '\ufeff№;Лицевой счёт;Получатель;Тар. гр.;в/к;М. куб;Тариф;НДС, %;Сумма, тг\r\n1;00009177;ТОО «Водоканал-Демо Сервис», административное здание;3;в;15,310;197,02;16;3499,00\r\n…\r\n;Итого;;;;;;;10135,01\r\n';

/**
 * Billing in the REST API (SPEC §3): the breakdown of a period, the settlements and a reconciliation,
 * with the pages' rules and the pages' application services (BillingReportModels over
 * ChargesBreakdownQuery and LedgerQuery). The contract is the bearer token's; figures are exact decimal
 * strings. Report requests (PDF) are ReportsApiController's.
 */
@ApiTags('Взаиморасчеты')
@ApiBearerAuth()
@ApiExtraModels(ChargesBreakdownDto, SettlementsDto, ReconciliationDto)
@ApiResponse({ status: 401, description: 'No or invalid bearer token (problem+json)' })
@Controller('api/v1')
@UseGuards(SubscriberApiGuard)
export class BillingApiController {
  constructor(
    private readonly models: BillingReportModels,
    private readonly clock: Clock,
  ) {}

  @Get('charges')
  @ApiOperation({
    summary: '«Расшифровка начислений»: the charge lines of a period and their total',
    description:
      'The previous month by default, as the page opens. A period without charges answers with no lines and total "0.00". ' +
      '`?format=csv` (or `Accept: text/csv`) gives the table as CSV for Excel in Kazakhstan (UTF-8 with BOM, «;», decimal comma); ' +
      '`?format=xlsx` (or the XLSX media type in Accept) as an Excel workbook (docs/api.md). Texts (the file\'s headers, `balanceText`) are in the language of Accept-Language (ru, kk, en).',
  })
  @ApiQuery({ name: 'period', required: false, example: '2026-10', description: 'YYYY-MM, from 2000 to a year ahead; default the previous month' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx'] })
  @ApiOkResponse({
    description: 'The breakdown (JSON), or the table as CSV or XLSX',
    content: {
      'application/json': {
        schema: { $ref: getSchemaPath(ChargesBreakdownDto) },
        example: {
          contractNumber: '2666',
          payer: 'ТОО «Водоканал-Демо Сервис»',
          period: '2026-10',
          lines: [
            { accountNumber: '00009177', recipient: 'ТОО «Водоканал-Демо Сервис», административное здание', tariffGroup: '3', service: 'water', volume: '15.310', tariff: '197.0200', vatRate: '16.00', amount: '3499.00' },
            { accountNumber: '00009177', recipient: 'ТОО «Водоканал-Демо Сервис», административное здание', tariffGroup: '3', service: 'sewerage', volume: '15.310', tariff: '204.5000', vatRate: '16.00', amount: '3631.84' },
            { accountNumber: '00010129', recipient: 'ТОО «Водоканал-Демо Сервис», склад', tariffGroup: '3', service: 'water', volume: '6.450', tariff: '197.0200', vatRate: '16.00', amount: '1474.10' },
            { accountNumber: '00010129', recipient: 'ТОО «Водоканал-Демо Сервис», склад', tariffGroup: '3', service: 'sewerage', volume: '6.450', tariff: '204.5000', vatRate: '16.00', amount: '1530.07' },
          ],
          total: '10135.01',
        },
      },
      'text/csv': { schema: { type: 'string' }, example: CSV_EXAMPLE },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiResponse(INVALID_PERIOD('/api/v1/charges?period=2026-13', '2026-13'))
  @ApiResponse(problem(400, 'DOCUMENTS.UNSUPPORTED_FORMAT', 'Формат «pdf» не поддерживается: выберите CSV или Excel (xlsx).', '/api/v1/charges?format=pdf', { field: 'format', value: 'pdf' }))
  async charges(
    @CurrentSubscriber() subscriber: AuthenticatedSubscriber,
    @Query('period') period: unknown,
    @Query('format') format: unknown,
    @Headers('accept') accept: string | undefined,
    @RequestLocale() locale: Locale,
    @Res() res: Response,
  ): Promise<void> {
    const wanted = tableFormatOf(format, accept);
    const figures = await this.models.breakdownFigures(subscriber.contractNumber, periodOfField('period', period, this.latest()) ?? this.latest(), locale);
    if (wanted) {
      await sendTable(res, this.models.breakdownTable(figures, locale), wanted);
      return;
    }
    const body: ChargesBreakdownDto = {
      contractNumber: figures.contractNumber,
      payer: figures.payer,
      period: figures.period,
      lines: figures.lines.map((line) => ({
        accountNumber: line.accountNumber,
        recipient: line.recipient,
        tariffGroup: line.tariffGroup,
        service: line.service,
        volume: line.volume.toString(),
        tariff: line.tariff.toString(),
        vatRate: line.vatRate.toString(),
        amount: line.amount.toString(),
      })),
      total: figures.total.toString(),
    };
    res.json(body);
  }

  @Get('settlements')
  @ApiOperation({ summary: '«Состояние взаиморасчетов»: the balance now, and the last period’s opening balance, charges, payments and closing balance' })
  @ApiOkResponse({
    type: SettlementsDto,
    schema: {
      example: {
        contractNumber: '2666',
        payer: 'ТОО «Водоканал-Демо Сервис»',
        asOf: '2026-11-20',
        balance: '10135.01',
        balanceKind: 'debt',
        balanceText: 'Задолженность: 10 135.01 тг',
        ledgerStartsOn: '2026-08-01',
        lastPeriod: { period: '2026-10', opening: '9790.35', charges: '10135.01', payments: '9790.35', closing: '10135.01' },
      },
    },
  })
  async settlements(@CurrentSubscriber() subscriber: AuthenticatedSubscriber, @RequestLocale() locale: Locale): Promise<SettlementsDto> {
    const figures = await this.models.settlementsFigures(subscriber.contractNumber, this.latest(), locale);
    const text = this.models.balanceText(figures.balance, locale);
    return {
      contractNumber: figures.contractNumber,
      payer: figures.payer,
      asOf: figures.asOf,
      balance: figures.balance.toString(),
      balanceKind: text.kind,
      balanceText: text.text.replace(/\u00a0/g, ' '),
      ledgerStartsOn: figures.startsOn,
      lastPeriod: figures.lastPeriod ? monthDto(figures.lastPeriod) : null,
    };
  }

  @Get('reconciliation')
  @ApiOperation({
    summary: '«Сверка взаиморасчетов»: opening balance, charges and payments month by month, closing balance',
    description:
      'As the page: by default the three months up to the previous one (`to` alone: the three months up to it). At most 60 months; months before the ledger’s opening balance are not shown (`clipped`, `shownFrom`).',
  })
  @ApiQuery({ name: 'from', required: false, example: '2026-08' })
  @ApiQuery({ name: 'to', required: false, example: '2026-10' })
  @ApiOkResponse({
    type: ReconciliationDto,
    schema: {
      example: {
        contractNumber: '2666',
        payer: 'ТОО «Водоканал-Демо Сервис»',
        from: '2026-07',
        to: '2026-10',
        shownFrom: '2026-08',
        clipped: true,
        ledgerStartsOn: '2026-08-01',
        opening: '1250.40',
        months: [
          { period: '2026-08', opening: '1250.40', charges: '9804.32', payments: '1250.40', closing: '9804.32' },
          { period: '2026-09', opening: '9804.32', charges: '9790.35', payments: '9804.32', closing: '9790.35' },
          { period: '2026-10', opening: '9790.35', charges: '10135.01', payments: '9790.35', closing: '10135.01' },
        ],
        charges: '29729.68',
        payments: '20845.07',
        closing: '10135.01',
      },
    },
  })
  @ApiResponse(INVALID_PERIOD('/api/v1/reconciliation?from=2026-8', '2026-8'))
  @ApiResponse(
    problem(422, 'BILLING.INVALID_PERIOD_RANGE', 'Период указан неверно: конец периода не может быть раньше начала, а период не может быть длиннее 60 месяцев', '/api/v1/reconciliation?from=2026-10&to=2026-08', {
      from: '2026-10',
      to: '2026-08',
    }),
  )
  async reconciliation(
    @CurrentSubscriber() subscriber: AuthenticatedSubscriber,
    @Query('from') from: unknown,
    @Query('to') to: unknown,
    @RequestLocale() locale: Locale,
  ): Promise<ReconciliationDto> {
    const range = statementRangeOfFields(from, to, this.latest());
    const { statement, startsOn, contractNumber, payer } = await this.models.reconciliationFigures(subscriber.contractNumber, range.from, range.to, locale);
    return {
      contractNumber,
      payer,
      from: range.from,
      to: range.to,
      shownFrom: statement.from,
      clipped: statement.clipped,
      ledgerStartsOn: startsOn,
      opening: statement.opening.toString(),
      months: statement.months.map(monthDto),
      charges: statement.charges.toString(),
      payments: statement.payments.toString(),
      closing: statement.closing.toString(),
    };
  }

  private latest(): string {
    return previousPeriod(this.clock.now());
  }
}

function monthDto(month: LedgerMonth): LedgerMonthDto {
  const text = (amount: FixedDecimal) => amount.toString();
  return { period: month.period, opening: text(month.opening), charges: text(month.charges), payments: text(month.payments), closing: text(month.closing) };
}
