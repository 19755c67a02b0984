import { Body, Controller, Get, Post, Query, Render, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Commands } from '@app/persistence';
import { isLocale, Locale } from '@app/shared-kernel';
import { AuthenticatedSubscriber, CurrentSubscriber, flash, Messages, RequestLocale, SESSION_COOKIE, SessionService } from '@app/web';
import { sessionOwnerKey } from '../../application/authenticated-subscriber';
import { ChooseLanguage } from '../../application/commands/choose-language/choose-language.command';
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
  page(@RequestLocale() locale: Locale, @Query('next') next?: string, @Query('loggedOut') loggedOut?: string) {
    const messages = this.messages.in(locale);
    const info = loggedOut ? messages.t('identity.login.loggedOut') : next ? messages.t('identity.login.loginRequired') : '';
    return loginPageModel(messages, { next: safeNext(next), info });
  }

  /**
   * Login and password are checked by SubscriberLoginGuard (LogIn); a refusal shows the form again
   * (LoginRefusedFilter). A language chosen on the login page becomes the account's; otherwise the
   * account's language, if it has one, becomes the session's.
   */
  @Post('login')
  @UseGuards(SubscriberLoginGuard)
  @UseFilters(LoginRefusedFilter)
  async login(@CurrentSubscriber() subscriber: AuthenticatedSubscriber, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const chosen = isLocale(req.session.locale) ? req.session.locale : null;
    if (chosen && chosen !== subscriber.locale) await this.commands.execute(new ChooseLanguage(subscriber.subscriberId, chosen));
    await this.sessions.start(req, { ownerKey: sessionOwnerKey(subscriber.subscriberId), rememberMe: checked(body.rememberMe) }, (session) => {
      session.subscriberId = subscriber.subscriberId;
      const locale = chosen ?? subscriber.locale;
      if (locale) session.locale = locale;
    });
    res.redirect(303, safeNext(body.next));
  }

  /** Ends the session; a chosen language stays for the pages after it. */
  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response) {
    if (!(await this.sessions.end(req))) res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/login?loggedOut=1');
  }

  @Get('register/resend')
  @Render('identity/resend')
  resendPage(@RequestLocale() locale: Locale) {
    return { title: this.messages.t('identity.resend.title', {}, locale), login: '' };
  }

  @Post('register/resend')
  async resend(@Body() body: Record<string, unknown>, @RequestLocale() locale: Locale, @Req() req: Request, @Res() res: Response) {
    await this.commands.execute(new ResendConfirmation(text(body.login), locale));
    flash(req, 'info', this.messages.t('identity.resend.done', {}, locale));
    res.redirect(303, '/login');
  }
}
