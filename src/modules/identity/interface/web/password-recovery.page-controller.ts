import { Body, Controller, Get, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Commands } from '@app/persistence';
import { DomainError, Locale } from '@app/shared-kernel';
import { flash, Messages, RequestLocale } from '@app/web';
import { RequestPasswordRecovery } from '../../application/commands/request-password-recovery/request-password-recovery.command';
import { ResetPassword } from '../../application/commands/reset-password/reset-password.command';
import { text } from '../../application/secret-links';
import { FormErrors, formErrors, noErrors } from './form-errors';

const FIELDS = ['iinBin', 'contractOrAccount', 'login', 'checkword', 'password', 'passwordConfirmation'] as const;

/** «Восстановление пароля» (Рисунки 6–8). */
@ApiExcludeController()
@Controller('password')
export class PasswordRecoveryPageController {
  constructor(
    private readonly commands: Commands,
    private readonly messages: Messages,
  ) {}

  @Get('forgot')
  @Render('identity/forgot')
  forgotPage(@RequestLocale() locale: Locale) {
    return { title: this.messages.t('identity.forgot.title', {}, locale) };
  }

  /** The same answer whether or not such an account exists. */
  @Post('forgot')
  async forgot(@Body() body: Record<string, unknown>, @RequestLocale() locale: Locale, @Req() req: Request, @Res() res: Response) {
    await this.commands.execute(new RequestPasswordRecovery(text(body.loginOrEmail), locale));
    flash(req, 'info', this.messages.t('identity.forgot.done', {}, locale));
    res.redirect(303, '/password/forgot');
  }

  /** The change form (Рисунок 8), the check word and login filled from the e-mail's link. */
  @Get('reset')
  @Render('identity/reset')
  resetPage(@RequestLocale() locale: Locale, @Query('checkword') checkword?: string, @Query('login') login?: string) {
    return this.model(locale, { checkword: text(checkword), login: text(login) });
  }

  @Post('reset')
  async reset(@Body() body: Record<string, unknown>, @RequestLocale() locale: Locale, @Req() req: Request, @Res() res: Response) {
    const values = {
      iinBin: text(body.iinBin),
      contractOrAccount: text(body.contractOrAccount),
      login: text(body.login),
      checkword: text(body.checkword),
    };
    try {
      await this.commands.execute(
        new ResetPassword({ ...values, password: text(body.password), passwordConfirmation: text(body.passwordConfirmation) }, locale),
      );
    } catch (error) {
      res.status(error instanceof DomainError ? 422 : 500).render('identity/reset', this.model(locale, values, formErrors(error, this.messages.in(locale), FIELDS)));
      return;
    }
    flash(req, 'success', this.messages.t('identity.reset.done', {}, locale));
    res.redirect(303, '/login');
  }

  private model(locale: Locale, values: Partial<Record<'iinBin' | 'contractOrAccount' | 'login' | 'checkword', string>>, errors: FormErrors = noErrors(FIELDS)) {
    return {
      title: this.messages.t('identity.reset.title', {}, locale),
      values: { iinBin: '', contractOrAccount: '', login: '', checkword: '', ...values },
      errors,
    };
  }
}
