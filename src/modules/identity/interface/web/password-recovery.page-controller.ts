import { Body, Controller, Get, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Commands } from '@app/persistence';
import { DomainError } from '@app/shared-kernel';
import { flash, Messages } from '@app/web';
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
  forgotPage() {
    return { title: this.messages.t('identity.forgot.title') };
  }

  /** The same answer whether or not such an account exists. */
  @Post('forgot')
  async forgot(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    await this.commands.execute(new RequestPasswordRecovery(text(body.loginOrEmail)));
    flash(req, 'info', this.messages.t('identity.forgot.done'));
    res.redirect(303, '/password/forgot');
  }

  /** The change form (Рисунок 8), the check word and login filled from the e-mail's link. */
  @Get('reset')
  @Render('identity/reset')
  resetPage(@Query('checkword') checkword?: string, @Query('login') login?: string) {
    return this.model({ checkword: text(checkword), login: text(login) });
  }

  @Post('reset')
  async reset(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const values = {
      iinBin: text(body.iinBin),
      contractOrAccount: text(body.contractOrAccount),
      login: text(body.login),
      checkword: text(body.checkword),
    };
    try {
      await this.commands.execute(
        new ResetPassword({ ...values, password: text(body.password), passwordConfirmation: text(body.passwordConfirmation) }),
      );
    } catch (error) {
      res.status(error instanceof DomainError ? 422 : 500).render('identity/reset', this.model(values, formErrors(error, this.messages, FIELDS)));
      return;
    }
    flash(req, 'success', this.messages.t('identity.reset.done'));
    res.redirect(303, '/login');
  }

  private model(values: Partial<Record<'iinBin' | 'contractOrAccount' | 'login' | 'checkword', string>>, errors: FormErrors = noErrors(FIELDS)) {
    return {
      title: this.messages.t('identity.reset.title'),
      values: { iinBin: '', contractOrAccount: '', login: '', checkword: '', ...values },
      errors,
    };
  }
}
