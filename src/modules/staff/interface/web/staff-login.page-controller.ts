import { Body, Controller, Get, Post, Query, Render, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Locale } from '@app/shared-kernel';
import { Messages, RequestLocale, SessionService } from '@app/web';
import type { StaffAccount } from '../../domain/staff-account';
import { StaffLoginGuard } from './staff-login.guard';
import { staffLoginPageModel, staffNext } from './staff-login-page-model';
import { StaffLoginRefusedFilter } from './staff-login-refused.filter';

@ApiExcludeController()
@Controller('admin')
export class StaffLoginPageController {
  constructor(
    private readonly sessions: SessionService,
    private readonly messages: Messages,
  ) {}

  @Get('login')
  @Render('staff/login')
  page(@RequestLocale() locale: Locale, @Query('next') next?: string) {
    return staffLoginPageModel(this.messages.in(locale), { next });
  }

  /** Login and password are checked by StaffLoginGuard; a refusal shows the form again (StaffLoginRefusedFilter). */
  @Post('login')
  @UseGuards(StaffLoginGuard)
  @UseFilters(StaffLoginRefusedFilter)
  async login(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const account = req.user as StaffAccount;
    await this.sessions.start(req, { ownerKey: `staff:${account.id}`, rememberMe: false }, (session) => {
      session.staffId = account.id;
      session.staffLogin = account.login;
      session.staffRole = account.role;
    });
    res.redirect(303, staffNext(body.next));
  }

  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response) {
    await this.sessions.end(req);
    res.redirect(303, '/admin/login');
  }
}
