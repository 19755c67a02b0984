import { Body, Controller, Get, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ParkedOutbox } from '@app/persistence';
import { formatLocalMoment, Locale } from '@app/shared-kernel';
import { flash, Messages, RequestLocale } from '@app/web';
import { staffMay } from '../../domain/staff-account';

/**
 * The outbox rows the relay parked after its last attempt, for staff (behind the staff login:
 * StaffModule applies StaffOnlyMiddleware): what they are, why they failed, and sending them again.
 */
@ApiExcludeController()
@Controller('admin/outbox')
export class OutboxPageController {
  constructor(
    private readonly parked: ParkedOutbox,
    private readonly messages: Messages,
  ) {}

  @Get()
  @Render('staff/outbox')
  async page(@RequestLocale() locale: Locale, @Req() req: Request) {
    const [count, rows] = await Promise.all([this.parked.count(), this.parked.list()]);
    return {
      title: this.messages.t('web.staff.outboxTitle', {}, locale),
      // A viewer only looks (StaffOnlyMiddleware refuses the POST): no button that cannot work.
      mayResend: staffMay(req.session.staffRole === 'operator' ? 'operator' : 'viewer', 'resend-parked-events'),
      count,
      rows: rows.map((row) => ({ ...row, createdAt: formatLocalMoment(row.createdAt, locale), parkedAt: formatLocalMoment(row.parkedAt, locale) })),
    };
  }

  /** Sends one parked row again (`id`), or all of them (`all`). */
  @Post('resend')
  async resend(@Body() body: Record<string, unknown>, @RequestLocale() locale: Locale, @Req() req: Request, @Res() res: Response) {
    const id = typeof body.id === 'string' && /^[0-9a-f-]{36}$/i.test(body.id) ? body.id : undefined;
    const count = body.all === '1' ? await this.parked.resend() : id ? await this.parked.resend([id]) : 0;
    flash(req, 'success', this.messages.t('web.staff.outboxResent', { count }, locale));
    res.redirect(303, '/admin/outbox');
  }
}
