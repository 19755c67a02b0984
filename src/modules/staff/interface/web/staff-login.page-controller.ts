import { Body, Controller, Get, HttpCode, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Messages, SessionService } from '@app/web';
import { StaffAccounts } from '../../application/staff-accounts';

function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/admin/') && !next.startsWith('//') ? next : '/admin/queues';
}

@ApiExcludeController()
@Controller('admin')
export class StaffLoginPageController {
  constructor(
    private readonly accounts: StaffAccounts,
    private readonly sessions: SessionService,
    private readonly messages: Messages,
  ) {}

  @Get('login')
  @Render('staff/login')
  page(@Query('next') next?: string) {
    return { title: this.messages.t('web.staff.loginTitle'), login: '', error: '', next: safeNext(next) };
  }

  @Post('login')
  @HttpCode(200)
  async login(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const login = typeof body.login === 'string' ? body.login : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(body.next);
    const account = login && password ? await this.accounts.authenticate(login, password) : undefined;
    if (!account) {
      res.status(401).render('staff/login', { title: this.messages.t('web.staff.loginTitle'), login, error: this.messages.t('web.staff.wrong'), next });
      return;
    }
    await this.sessions.start(req, { ownerKey: `staff:${account.id}`, rememberMe: false }, (session) => {
      session.staffId = account.id;
      session.staffLogin = account.login;
    });
    res.redirect(303, next);
  }

  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response) {
    await this.sessions.end(req);
    res.redirect(303, '/admin/login');
  }
}
