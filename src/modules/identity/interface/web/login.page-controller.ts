import { Body, Controller, Get, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CommandBus } from '@nestjs/cqrs';
import { Commands } from '@app/persistence';
import { DomainError } from '@app/shared-kernel';
import { flash, Messages, SESSION_COOKIE, SessionService } from '@app/web';
import { AuthenticatedSubscriber, sessionOwnerKey } from '../../application/authenticated-subscriber';
import { LogIn } from '../../application/commands/log-in/log-in.command';
import { ResendConfirmation } from '../../application/commands/resend-confirmation/resend-confirmation.command';
import { text } from '../../application/secret-links';
import { clientAddress, safeNext } from './client-address';
import { checked } from './form-errors';

/** «Авторизация» (Рисунок 1), «Выйти», and resending the registration e-mail. */
@ApiExcludeController()
@Controller()
export class LoginPageController {
  constructor(
    private readonly commands: Commands,
    /** LogIn writes nothing to PostgreSQL (only Redis counters): it runs without a transaction, for speed. */
    private readonly commandBus: CommandBus,
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
    return this.model({ next: safeNext(next), info });
  }

  @Post('login')
  async login(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const login = text(body.login).trim();
    const rememberMe = checked(body.rememberMe);
    const next = safeNext(body.next);
    let subscriber: AuthenticatedSubscriber;
    try {
      subscriber = await this.commandBus.execute<LogIn, AuthenticatedSubscriber>(new LogIn(login, text(body.password), clientAddress(req)));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const message = this.messages.has(`errors.${error.code}`) ? this.messages.t(`errors.${error.code}`, error.details as Record<string, unknown>) : error.message;
      if (error.code === 'IDENTITY.TOO_MANY_ATTEMPTS') {
        res.setHeader('Retry-After', String(error.details.retryAfterSeconds ?? 60));
        res.status(429);
      } else if (error.code === 'IDENTITY.NOT_CONFIRMED') res.status(403);
      else res.status(401);
      res.render('identity/login', this.model({ login, next, rememberMe, error: message, notConfirmed: error.code === 'IDENTITY.NOT_CONFIRMED' }));
      return;
    }
    await this.sessions.start(req, { ownerKey: sessionOwnerKey(subscriber.subscriberId), rememberMe }, (session) => {
      session.subscriberId = subscriber.subscriberId;
    });
    res.redirect(303, next);
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

  private model(values: Partial<{ login: string; next: string; rememberMe: boolean; error: string; info: string; notConfirmed: boolean }>) {
    return {
      title: this.messages.t('identity.login.title'),
      login: '',
      next: '/cabinet',
      rememberMe: false,
      error: '',
      info: '',
      notConfirmed: false,
      ...values,
    };
  }
}
