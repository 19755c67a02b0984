import { Body, Controller, Get, NotFoundException, Post, Query, Render, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Commands } from '@app/persistence';
import { DomainError, Locale } from '@app/shared-kernel';
import { AuthenticatedSubscriber, CurrentSubscriber, flash, Messages, RequestLocale, SubscriberPageGuard } from '@app/web';
import { ChangePassword } from '../../application/commands/change-password/change-password.command';
import { ChangeSubscription } from '../../application/commands/change-subscription/change-subscription.command';
import { ConfirmEmailChange } from '../../application/commands/confirm-email-change/confirm-email-change.command';
import { RequestEmailChange } from '../../application/commands/request-email-change/request-email-change.command';
import { PersonalDataQuery } from '../../application/queries/personal-data.query';
import { text } from '../../application/secret-links';
import { checked, FormErrors, formErrors, noErrors } from './form-errors';

const PASSWORD_FIELDS = ['currentPassword', 'newPassword', 'newPasswordConfirmation'] as const;

/** The cabinet's Identity pages (SPEC §1.4, Рисунки 9–12). */
@ApiExcludeController()
@Controller('cabinet')
export class CabinetPageController {
  constructor(
    private readonly commands: Commands,
    private readonly personalData: PersonalDataQuery,
    private readonly messages: Messages,
  ) {}

  @Get()
  @UseGuards(SubscriberPageGuard)
  @Render('identity/personal')
  async personal(@CurrentSubscriber() subscriber: AuthenticatedSubscriber, @RequestLocale() locale: Locale) {
    const data = await this.personalData.of(subscriber.subscriberId);
    if (!data) throw new NotFoundException();
    return { title: this.messages.t('identity.cabinet.personalTitle', {}, locale), activeMenu: 'personal', data };
  }

  @Get('email')
  @UseGuards(SubscriberPageGuard)
  async emailPage(@CurrentSubscriber() subscriber: AuthenticatedSubscriber, @RequestLocale() locale: Locale, @Res() res: Response) {
    await this.renderEmail(res, subscriber, '', noErrors(['email']), locale);
  }

  @Post('email')
  @UseGuards(SubscriberPageGuard)
  async changeEmail(
    @CurrentSubscriber() subscriber: AuthenticatedSubscriber,
    @Body() body: Record<string, unknown>,
    @RequestLocale() locale: Locale,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const email = text(body.email);
    try {
      const { pendingEmail } = await this.commands.execute<{ pendingEmail: string }>(new RequestEmailChange(subscriber.subscriberId, email, locale));
      flash(req, 'info', this.messages.t('identity.cabinet.emailSent', { email: pendingEmail }, locale));
      res.redirect(303, '/cabinet/email');
    } catch (error) {
      res.status(error instanceof DomainError ? 422 : 500);
      await this.renderEmail(res, subscriber, email, formErrors(error, this.messages.in(locale), ['email']), locale);
    }
  }

  /** The link sent to the new address; works without being signed in (it may be opened on another device). */
  @Get('email/confirm')
  async confirmEmail(@Query('token') token: string | undefined, @RequestLocale() locale: Locale, @Req() req: Request, @Res() res: Response) {
    try {
      const { email } = await this.commands.execute<{ email: string }>(new ConfirmEmailChange(text(token), locale));
      flash(req, 'success', this.messages.t('identity.cabinet.emailChanged', { email }, locale));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      flash(req, 'error', this.messages.t(`errors.${error.code}`, {}, locale));
    }
    res.redirect(303, req.session?.subscriberId ? '/cabinet/email' : '/login');
  }

  @Get('password')
  @UseGuards(SubscriberPageGuard)
  @Render('identity/password')
  passwordPage(@RequestLocale() locale: Locale) {
    return this.passwordModel(noErrors(PASSWORD_FIELDS), locale);
  }

  @Post('password')
  @UseGuards(SubscriberPageGuard)
  async changePassword(
    @CurrentSubscriber() subscriber: AuthenticatedSubscriber,
    @Body() body: Record<string, unknown>,
    @RequestLocale() locale: Locale,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    try {
      await this.commands.execute(
        new ChangePassword(
          subscriber.subscriberId,
          { currentPassword: text(body.currentPassword), newPassword: text(body.newPassword), newPasswordConfirmation: text(body.newPasswordConfirmation) },
          { sessionId: req.sessionID },
          locale,
        ),
      );
    } catch (error) {
      res.status(error instanceof DomainError ? 422 : 500).render('identity/password', this.passwordModel(formErrors(error, this.messages.in(locale), PASSWORD_FIELDS), locale));
      return;
    }
    flash(req, 'success', this.messages.t('identity.cabinet.passwordChanged', {}, locale));
    res.redirect(303, '/cabinet/password');
  }

  @Get('subscription')
  @UseGuards(SubscriberPageGuard)
  @Render('identity/subscription')
  async subscriptionPage(@CurrentSubscriber() subscriber: AuthenticatedSubscriber, @RequestLocale() locale: Locale) {
    const data = await this.personalData.of(subscriber.subscriberId);
    return {
      title: this.messages.t('identity.cabinet.subscriptionTitle', {}, locale),
      activeMenu: 'subscription',
      email: subscriber.email,
      invoiceByEmail: data?.invoiceByEmail ?? false,
      verificationReminders: data?.verificationReminders ?? true,
    };
  }

  @Post('subscription')
  @UseGuards(SubscriberPageGuard)
  async changeSubscription(
    @CurrentSubscriber() subscriber: AuthenticatedSubscriber,
    @Body() body: Record<string, unknown>,
    @RequestLocale() locale: Locale,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const { changed } = await this.commands.execute<{ changed: boolean }>(new ChangeSubscription(subscriber.subscriberId, checked(body.invoiceByEmail), checked(body.verificationReminders)));
    flash(req, changed ? 'success' : 'info', this.messages.t(changed ? 'identity.cabinet.subscriptionSaved' : 'identity.cabinet.subscriptionUnchanged', {}, locale));
    res.redirect(303, '/cabinet/subscription');
  }

  private async renderEmail(res: Response, subscriber: AuthenticatedSubscriber, email: string, errors: FormErrors, locale: Locale): Promise<void> {
    const data = await this.personalData.of(subscriber.subscriberId);
    res.render('identity/email', {
      title: this.messages.t('identity.cabinet.emailTitle', {}, locale),
      activeMenu: 'email',
      currentEmail: subscriber.email,
      pendingEmail: data?.pendingEmail ?? null,
      email,
      errors,
    });
  }

  private passwordModel(errors: FormErrors, locale: Locale) {
    return { title: this.messages.t('identity.cabinet.passwordTitle', {}, locale), activeMenu: 'password', errors };
  }
}
