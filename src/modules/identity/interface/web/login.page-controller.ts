import { Body, Controller, Get, Post, Query, Render, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Commands } from '@app/persistence';
import { AuthenticatedSubscriber, CurrentSubscriber, flash, Messages, SESSION_COOKIE, SessionService } from '@app/web';
import { sessionOwnerKey } from '../../application/authenticated-subscriber';
import { ResendConfirmation } from '../../application/commands/resend-confirmation/resend-confirmation.command';
import { text } from '../../application/secret-links';
import { SubscriberLoginGuard } from '../http/subscriber-login.guard';
import { safeNext } from './client-address';
import { checked } from './form-errors';
import { loginPageModel } from './login-page-model';
import { LoginRefusedFilter } from './login-refused.filter';

/** «Авторизация» (Рисунок 1), «Выйти», and resending the registration e-mail. */
@ApiExcludeController()
@Controller()
export class LoginPageController {
  constructor(
    private readonly commands: Commands,
    private readonly sessions: SessionService,
    private readonly messages: Messages,
  ) {}

  @Get()
  home(@Req() req: Request, @Res() res: Response) {
    res.redirect(302, req.session?.subscriberId ? '/cabinet' : '/login');
  }

  @Get('login')
  @Render('identity/login')
  page(@Query('next') next?: string, @Query('loggedOut') loggedOut?: string) {
    const info = loggedOut ? this.messages.t('identity.login.loggedOut') : next ? this.messages.t('identity.login.loginRequired') : '';
    return loginPageModel(this.messages, { next: safeNext(next), info });
  }

  /** Login and password are checked by SubscriberLoginGuard (LogIn); a refusal shows the form again (LoginRefusedFilter). */
  @Post('login')
  @UseGuards(SubscriberLoginGuard)
  @UseFilters(LoginRefusedFilter)
  async login(@CurrentSubscriber() subscriber: AuthenticatedSubscriber, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    await this.sessions.start(req, { ownerKey: sessionOwnerKey(subscriber.subscriberId), rememberMe: checked(body.rememberMe) }, (session) => {
      session.subscriberId = subscriber.subscriberId;
    });
    res.redirect(303, safeNext(body.next));
  }

  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response) {
    await this.sessions.end(req);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/login?loggedOut=1');
  }

  @Get('register/resend')
  @Render('identity/resend')
  resendPage() {
    return { title: this.messages.t('identity.resend.title'), login: '' };
  }

  @Post('register/resend')
  async resend(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    await this.commands.execute(new ResendConfirmation(text(body.login)));
    flash(req, 'info', this.messages.t('identity.resend.done'));
    res.redirect(303, '/login');
  }
}
