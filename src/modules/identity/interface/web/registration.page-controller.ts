import { Body, Controller, Get, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Commands } from '@app/persistence';
import { DomainError, Locale } from '@app/shared-kernel';
import { flash, Messages, RequestLocale } from '@app/web';
import { ConfirmRegistration } from '../../application/commands/confirm-registration/confirm-registration.command';
import { RegisterSubscriber } from '../../application/commands/register-subscriber/register-subscriber.command';
import { text } from '../../application/secret-links';
import { loginFor, SubscriberType } from '../../domain/subscriber-login';
import { clientAddress } from './client-address';
import { checked, FormErrors, formErrors, noErrors } from './form-errors';

const FIELDS = {
  legal: ['name', 'email', 'password', 'passwordConfirmation', 'iinBin', 'contractNumber'],
  individual: ['name', 'email', 'password', 'passwordConfirmation', 'iinBin', 'accountNumber'],
} as const;

interface Values {
  name: string;
  email: string;
  iinBin: string;
  contractNumber: string;
  accountNumber: string;
  invoiceByEmail: boolean;
}

const EMPTY: Values = { name: '', email: '', iinBin: '', contractNumber: '', accountNumber: '', invoiceByEmail: false };

function typeOf(value: unknown): SubscriberType {
  return value === 'individual' ? 'individual' : 'legal';
}

/** «Регистрация на сайте» (Рисунки 2–5): the form for both kinds of subscriber, and the link of the e-mail. */
@ApiExcludeController()
@Controller('register')
export class RegistrationPageController {
  constructor(
    private readonly commands: Commands,
    private readonly messages: Messages,
  ) {}

  @Get()
  @Render('identity/register')
  page(@RequestLocale() locale: Locale, @Query('type') type?: string) {
    return this.model(locale, typeOf(type), EMPTY);
  }

  @Post()
  async register(@Body() body: Record<string, unknown>, @RequestLocale() locale: Locale, @Req() req: Request, @Res() res: Response) {
    const type = typeOf(body.subscriberType);
    const values: Values = {
      ...EMPTY,
      name: text(body.name),
      email: text(body.email),
      iinBin: text(body.iinBin),
      contractNumber: type === 'legal' ? text(body.contractNumber) : '',
      accountNumber: type === 'individual' ? text(body.accountNumber) : '',
      invoiceByEmail: checked(body.invoiceByEmail),
    };
    try {
      await this.commands.execute(
        new RegisterSubscriber({
          subscriberType: type,
          name: values.name,
          email: values.email,
          password: text(body.password),
          passwordConfirmation: text(body.passwordConfirmation),
          iinBin: values.iinBin,
          number: type === 'legal' ? values.contractNumber : values.accountNumber,
          invoiceByEmail: values.invoiceByEmail,
        }, locale, clientAddress(req)),
      );
    } catch (error) {
      const errors = formErrors(error, this.messages.in(locale), FIELDS[type]);
      const throttled = error instanceof DomainError && error.code === 'IDENTITY.TOO_MANY_REGISTRATIONS';
      if (throttled) res.setHeader('Retry-After', String(error.details.retryAfterSeconds));
      res.status(throttled ? 429 : error instanceof DomainError ? 422 : 500).render('identity/register', this.model(locale, type, values, errors));
      return;
    }
    res.redirect(303, '/register/sent');
  }

  @Get('sent')
  @Render('identity/register-sent')
  sent(@RequestLocale() locale: Locale) {
    return { title: this.messages.t('identity.register.sentTitle', {}, locale) };
  }

  /** The first link of the e-mail (Рисунок 4): confirms, then the login form says so (Рисунок 5). */
  @Get('confirm')
  async confirm(@Query('token') token: string | undefined, @RequestLocale() locale: Locale, @Req() req: Request, @Res() res: Response) {
    try {
      await this.commands.execute(new ConfirmRegistration(text(token)));
      flash(req, 'success', this.messages.t('identity.login.confirmed', {}, locale));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      flash(req, 'error', this.messages.t(`errors.${error.code}`, {}, locale));
    }
    res.redirect(303, '/login');
  }

  private model(locale: Locale, type: SubscriberType, values: Values, errors: FormErrors = noErrors(FIELDS[type])) {
    const side = (which: SubscriberType) => {
      const own = which === type;
      const v = own ? values : EMPTY;
      const number = which === 'legal' ? v.contractNumber.trim() : v.accountNumber.trim();
      return {
        values: v,
        errors: own ? errors : noErrors(FIELDS[which]),
        login: /^[0-9A-Za-z][0-9A-Za-z/-]{0,31}$/.test(number) ? loginFor(which, number) : '',
      };
    };
    return { title: this.messages.t('identity.register.title', {}, locale), type, legal: side('legal'), individual: side('individual') };
  }
}
