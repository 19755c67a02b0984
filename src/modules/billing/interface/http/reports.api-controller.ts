import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Commands } from '@app/persistence';
import { DocumentRequests, DocumentSettlements, DocumentState, sendDocument } from '@app/documents';
import { Clock, Locale } from '@app/shared-kernel';
import { AuthenticatedSubscriber, CurrentSubscriber, RequestLocale, SubscriberApiGuard } from '@app/web';
import { BillingReport, RequestBillingReport } from '../../application/commands/request-report/request-billing-report.command';
import { BillingErrors } from '../../domain/billing.errors';
import { previousPeriod } from '../../domain/billing-period';
import { REPORT_KINDS, ReportDto, ReportRequestDto } from './billing.dto';
import { periodOfField, statementRangeOfFields } from './period-params';
import { INVALID_PERIOD, problem } from './problem-examples';

/** The document kinds of Billing's reports (RequestBillingReport names them `billing.<kind>`). */
const KIND_PREFIX = 'billing.';

/** The longest `Prefer: wait` honoured, in seconds. */
const MAX_WAIT_SECONDS = 10;

const EXAMPLE_ID = '0f3a8e52-7c1d-4b6e-9a2f-5d8c1e4b7a90';
const NOT_FOUND = problem(404, 'BILLING.REPORT_NOT_FOUND', 'Отчет не найден.', `/api/v1/reports/${EXAMPLE_ID}`);

/**
 * Billing's PDF reports in the REST API, as «Скачать отчет» / «Отправить отчет на почту» on the pages:
 * the same command (RequestBillingReport: the pdf worker renders the PDF and, for `email`, mails it),
 * the same documents (DocumentRequests, which answer only to their owner: another subscriber's report
 * is BILLING.REPORT_NOT_FOUND, as one that does not exist).
 */
@ApiTags('Взаиморасчеты')
@ApiBearerAuth()
@ApiExtraModels(ReportDto)
@ApiResponse({ status: 401, description: 'No or invalid bearer token (problem+json)' })
@Controller('api/v1/reports')
@UseGuards(SubscriberApiGuard)
export class ReportsApiController {
  constructor(
    private readonly commands: Commands,
    private readonly documents: DocumentRequests,
    private readonly settlements: DocumentSettlements,
    private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ask for a PDF report: the breakdown of a period or a reconciliation, to download or to receive by e-mail',
    description:
      "The report is made from the figures of the moment it is asked for. Poll GET /api/v1/reports/{id} (Location) until `status` is `ready` (usually within a second), then fetch `fileUrl`, or send `Prefer: wait=3` to have this answer wait for it; with `delivery: email` the PDF is also sent to the subscriber's e-mail (`email.status`). The PDF is kept for 24 hours, and is written in the language of Accept-Language (ru, kk, en). Periods and ranges follow the pages' rules.",
  })
  @ApiBody({
    type: ReportRequestDto,
    examples: {
      breakdown: { summary: 'The breakdown of October 2026, to download', value: { kind: 'charges-breakdown', period: '2026-10', delivery: 'download' } },
      reconciliation: { summary: 'A reconciliation, by e-mail', value: { kind: 'reconciliation', from: '2026-01', to: '2026-10', delivery: 'email' } },
    },
  })
  @ApiHeader({
    name: 'Prefer',
    description: `\`wait=<seconds>\` (RFC 7240, at most ${MAX_WAIT_SECONDS}): answer once the report is ready or has failed, or after that long, rather than at once; the answer then says \`ready\` with \`fileUrl\` when it was (usually within a second)`,
    required: false,
    example: 'wait=3',
  })
  @ApiHeader({ name: 'Location', description: 'of the answer: /api/v1/reports/{id}', required: false })
  @ApiAcceptedResponse({
    type: ReportDto,
    schema: {
      example: { id: EXAMPLE_ID, kind: 'charges-breakdown', delivery: 'download', status: 'pending', filename: 'charges-2666-2026-10.pdf', createdAt: '2026-11-20T06:00:00.000Z', email: null, fileUrl: null },
    },
  })
  @ApiResponse({ ...INVALID_PERIOD('/api/v1/reports', '2026-13'), description: 'BILLING.INVALID_PERIOD (period, from or to); or kind or delivery not one of theirs (problem+json without a code)' })
  @ApiResponse(problem(422, 'BILLING.INVALID_PERIOD_RANGE', 'Период указан неверно: конец периода не может быть раньше начала, а период не может быть длиннее 60 месяцев', '/api/v1/reports'))
  async request(
    @CurrentSubscriber() subscriber: AuthenticatedSubscriber,
    @Body() body: ReportRequestDto,
    @RequestLocale() locale: Locale,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReportDto> {
    const latest = previousPeriod(this.clock.now());
    const report: BillingReport =
      body.kind === 'charges-breakdown'
        ? { kind: 'charges-breakdown', period: periodOfField('period', body.period, latest) ?? latest }
        : { kind: 'reconciliation', ...statementRangeOfFields(body.from, body.to, latest) };
    const id = await this.commands.execute<string>(
      new RequestBillingReport({ ownerId: subscriber.subscriberId, contractNumber: subscriber.contractNumber, login: subscriber.login, email: subscriber.email, delivery: body.delivery ?? 'download', report, locale }),
    );
    res.setHeader('Location', `/api/v1/reports/${id}`);
    const wait = waitOf(prefer);
    if (wait > 0) {
      res.setHeader('Preference-Applied', `wait=${wait}`);
      await this.settlements.settled(id, subscriber.subscriberId, wait * 1000);
    }
    return reportDto(await this.stateOf(id, subscriber));
  }

  @Get(':id')
  @ApiOperation({ summary: "A report's status, and where to fetch its PDF once ready" })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({
    type: ReportDto,
    schema: {
      example: {
        id: EXAMPLE_ID,
        kind: 'charges-breakdown',
        delivery: 'email',
        status: 'ready',
        filename: 'charges-2666-2026-10.pdf',
        createdAt: '2026-11-20T06:00:00.000Z',
        email: { to: 'buh@example.kz', status: 'sent' },
        fileUrl: `/api/v1/reports/${EXAMPLE_ID}/file`,
      },
    },
  })
  @ApiResponse({ ...NOT_FOUND, description: `${NOT_FOUND.description} (also for another subscriber's report)` })
  async status(@CurrentSubscriber() subscriber: AuthenticatedSubscriber, @Param('id') id: string): Promise<ReportDto> {
    return reportDto(await this.stateOf(id, subscriber));
  }

  @Get(':id/file')
  @ApiOperation({ summary: "The report's PDF" })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: "The PDF (Content-Disposition: attachment; filename=\"charges-2666-2026-10.pdf\"; filename*=UTF-8''<what it is, in the report's language, e.g. «Расшифровка начислений 2026-10 vk2666.pdf»>)", content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiResponse(NOT_FOUND)
  @ApiResponse(problem(409, 'BILLING.REPORT_NOT_READY', 'Отчет еще не готов: pending.', `/api/v1/reports/${EXAMPLE_ID}/file`))
  @ApiResponse(problem(410, 'BILLING.REPORT_EXPIRED', 'Срок хранения отчета истек. Сформируйте его заново.', `/api/v1/reports/${EXAMPLE_ID}/file`))
  async file(@CurrentSubscriber() subscriber: AuthenticatedSubscriber, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const state = await this.stateOf(id, subscriber);
    if (state.status === 'expired') throw BillingErrors.reportExpired(id);
    const file = state.status === 'ready' ? await this.documents.fileFor(id, subscriber.subscriberId) : null;
    // Ready a moment ago and expired since: the same answer as expired.
    if (!file) throw state.status === 'ready' ? BillingErrors.reportExpired(id) : BillingErrors.reportNotReady(id, state.status);
    sendDocument(res, file);
  }

  /** The subscriber's own Billing report, or BILLING.REPORT_NOT_FOUND. */
  private async stateOf(id: string, subscriber: AuthenticatedSubscriber): Promise<DocumentState> {
    const state = await this.documents.stateFor(id, subscriber.subscriberId);
    if (!state || !REPORT_KINDS.some((kind) => state.kind === `${KIND_PREFIX}${kind}`)) throw BillingErrors.reportNotFound(id.slice(0, 64));
    return state;
  }
}

/** The seconds of a `Prefer: wait=<n>` (RFC 7240), at most MAX_WAIT_SECONDS; 0 without one. */
function waitOf(prefer: string | undefined): number {
  const seconds = /(?:^|[,;\s])wait\s*=\s*"?(\d{1,6})"?/i.exec(prefer ?? '')?.[1];
  return seconds === undefined ? 0 : Math.min(MAX_WAIT_SECONDS, Number(seconds));
}

function reportDto(state: DocumentState): ReportDto {
  return {
    id: state.id,
    kind: state.kind.slice(KIND_PREFIX.length),
    delivery: state.mailTo === null ? 'download' : 'email',
    status: state.status,
    filename: state.filename,
    createdAt: state.createdAt.toISOString(),
    email: state.mailTo === null ? null : { to: state.mailTo, status: state.mailStatus ?? 'pending' },
    fileUrl: state.status === 'ready' ? `/api/v1/reports/${state.id}/file` : null,
  };
}
