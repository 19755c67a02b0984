import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Commands } from '@app/persistence';
import type { Locale } from '@app/shared-kernel';
import { AuthenticatedSubscriber, CurrentApiToken, CurrentSubscriber, Messages, RequestLocale, SubscriberApiGuard } from '@app/web';
import { ChangePassword } from '../../application/commands/change-password/change-password.command';
import { ChangeSubscription, SubscriptionChoice } from '../../application/commands/change-subscription/change-subscription.command';
import { ConfirmEmailChange } from '../../application/commands/confirm-email-change/confirm-email-change.command';
import { ConfirmRegistration } from '../../application/commands/confirm-registration/confirm-registration.command';
import { RegisterSubscriber, RegistrationResult } from '../../application/commands/register-subscriber/register-subscriber.command';
import { RequestEmailChange } from '../../application/commands/request-email-change/request-email-change.command';
import { RequestPasswordRecovery } from '../../application/commands/request-password-recovery/request-password-recovery.command';
import { ResendConfirmation } from '../../application/commands/resend-confirmation/resend-confirmation.command';
import { ResetPassword } from '../../application/commands/reset-password/reset-password.command';
import { ApiTokenStore } from '../../application/ports/api-token-store';
import { PersonalData, PersonalDataQuery } from '../../application/queries/personal-data.query';
import { loginFor } from '../../domain/subscriber-login';
import {
  EmailChangeDto,
  LoginDto,
  LoginPreviewDto,
  MessageDto,
  PasswordChangeDto,
  PasswordResetDto,
  RecoveryRequestDto,
  RegistrationDto,
  RegistrationResponseDto,
  SubscriptionDto,
  TokenDto,
  TokenRequestDto,
  TokenResponseDto,
} from './identity.dto';
import { SubscriberLoginGuard } from './subscriber-login.guard';

const PROBLEM = 'application/problem+json with a stable `code` (IDENTITY.*); field errors in `errors[].field`';

/**
 * Identity's REST API: the same commands as the pages (SPEC §1). Its messages, and the e-mails of an
 * account that never chose a language, are in the Accept-Language language.
 */
@ApiTags('identity')
@Controller('api/v1')
export class IdentityApiController {
  constructor(
    private readonly commands: Commands,
    private readonly tokens: ApiTokenStore,
    private readonly personalData: PersonalDataQuery,
    private readonly messages: Messages,
  ) {}

  @Post('auth/token')
  @HttpCode(201)
  @ApiOperation({ summary: 'Log in: a bearer token for login and password', description: 'Wrong login and wrong password get the same answer. Repeated failures per login and per client address are throttled (429 with Retry-After).' })
  @ApiBody({ type: TokenRequestDto })
  @ApiCreatedResponse({ type: TokenResponseDto })
  @ApiResponse({ status: 400, description: 'login or password is not a string in the body, or is too long' })
  @ApiResponse({ status: 401, description: `IDENTITY.INVALID_CREDENTIALS — ${PROBLEM}` })
  @ApiResponse({ status: 403, description: 'IDENTITY.NOT_CONFIRMED: the e-mail is not confirmed yet' })
  @ApiResponse({ status: 429, description: 'IDENTITY.TOO_MANY_ATTEMPTS (details.retryAfterSeconds)' })
  @UseGuards(SubscriberLoginGuard)
  async token(@CurrentSubscriber() subscriber: AuthenticatedSubscriber): Promise<TokenResponseDto> {
    const { token, expiresInSeconds } = await this.tokens.issue(subscriber.subscriberId);
    return { accessToken: token, tokenType: 'Bearer', expiresIn: expiresInSeconds };
  }

  @Delete('auth/token')
  @HttpCode(204)
  @UseGuards(SubscriberApiGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Log out: revoke the bearer token of this request' })
  @ApiNoContentResponse()
  async revoke(@CurrentApiToken() token: string | undefined): Promise<void> {
    if (token) await this.tokens.revoke(token);
  }

  @Post('registrations')
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a cabinet for a contract (legal entity) or personal account (individual)', description: 'The account can log in after following the link sent to the e-mail (48 hours).' })
  @ApiCreatedResponse({ type: RegistrationResponseDto })
  @ApiResponse({ status: 422, description: `IDENTITY.REGISTRATION_INVALID with one error per field — ${PROBLEM}` })
  async register(@Body() body: RegistrationDto, @RequestLocale() locale: Locale): Promise<RegistrationResponseDto> {
    const result = await this.commands.execute<RegistrationResult>(
      new RegisterSubscriber({
        subscriberType: body.subscriberType,
        name: body.name,
        email: body.email,
        password: body.password,
        passwordConfirmation: body.passwordConfirmation,
        iinBin: body.iinBin,
        number: (body.subscriberType === 'legal' ? body.contractNumber : body.accountNumber) ?? '',
        invoiceByEmail: body.invoiceByEmail ?? false,
      }, locale),
    );
    return { ...result, status: 'unconfirmed', message: this.messages.t('identity.register.sent', {}, locale) };
  }

  @Get('registrations/login-preview')
  @ApiOperation({ summary: 'The login a registration would get (legal: «vk» + contract number; individual: the account number)' })
  @ApiQuery({ name: 'type', enum: ['legal', 'individual'] })
  @ApiQuery({ name: 'number', example: '2666' })
  @ApiOkResponse({ type: LoginPreviewDto })
  loginPreview(@Query('type') type: string, @Query('number') number: string): LoginPreviewDto {
    const value = typeof number === 'string' ? number.trim() : '';
    if (!/^[0-9A-Za-z][0-9A-Za-z/-]{0,31}$/.test(value)) return { login: '' };
    return { login: loginFor(type === 'individual' ? 'individual' : 'legal', value) };
  }

  @Post('registrations/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm a registration with the token of the e-mail link' })
  @ApiOkResponse({ type: LoginDto })
  @ApiResponse({ status: 422, description: 'IDENTITY.LINK_INVALID (unknown or used) or IDENTITY.LINK_EXPIRED' })
  confirm(@Body() body: TokenDto): Promise<{ login: string }> {
    return this.commands.execute(new ConfirmRegistration(body.token));
  }

  @Post('registrations/resend')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send the confirmation e-mail again (same answer whether or not the login exists)' })
  @ApiAcceptedResponse({ type: MessageDto })
  async resend(@Body() body: LoginDto, @RequestLocale() locale: Locale): Promise<MessageDto> {
    await this.commands.execute(new ResendConfirmation(body.login, locale));
    return { message: this.messages.t('identity.resend.done', {}, locale) };
  }

  @Post('password-recovery')
  @HttpCode(202)
  @ApiOperation({ summary: 'Request a check word by e-mail (same answer whether or not the account exists)' })
  @ApiAcceptedResponse({ type: MessageDto })
  async recover(@Body() body: RecoveryRequestDto, @RequestLocale() locale: Locale): Promise<MessageDto> {
    await this.commands.execute(new RequestPasswordRecovery(body.loginOrEmail, locale));
    return { message: this.messages.t('identity.forgot.done', {}, locale) };
  }

  @Post('password-recovery/reset')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password with the check word (Рисунок 8); every session and token of the account ends' })
  @ApiNoContentResponse()
  @ApiResponse({ status: 422, description: 'IDENTITY.CHECKWORD_INVALID, IDENTITY.CHECKWORD_EXPIRED, IDENTITY.RECOVERY_DATA_MISMATCH, IDENTITY.CHANGE_INVALID' })
  async reset(@Body() body: PasswordResetDto, @RequestLocale() locale: Locale): Promise<void> {
    await this.commands.execute(new ResetPassword(body, locale));
  }

  @Post('email-changes/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm a new e-mail with the token of the link sent to it' })
  @ApiOkResponse({ type: EmailChangeDto })
  confirmEmail(@Body() body: TokenDto, @RequestLocale() locale: Locale): Promise<{ email: string }> {
    return this.commands.execute(new ConfirmEmailChange(body.token, locale));
  }

  @Get('me')
  @UseGuards(SubscriberApiGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: '«Личные данные»: name, login, IIN/BIN, contract, personal accounts, address, e-mail' })
  @ApiResponse({ status: 401, description: 'No valid bearer token' })
  async me(@CurrentSubscriber() subscriber: AuthenticatedSubscriber): Promise<PersonalData> {
    return (await this.personalData.of(subscriber.subscriberId)) as PersonalData;
  }

  @Put('me/email')
  @HttpCode(202)
  @UseGuards(SubscriberApiGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: '«Изменение email»: takes effect when the link sent to the new address is followed' })
  @ApiAcceptedResponse({ description: '{ pendingEmail }' })
  @ApiResponse({ status: 422, description: 'IDENTITY.EMAIL_INVALID, IDENTITY.EMAIL_UNCHANGED' })
  changeEmail(@CurrentSubscriber() subscriber: AuthenticatedSubscriber, @Body() body: EmailChangeDto, @RequestLocale() locale: Locale): Promise<{ pendingEmail: string }> {
    return this.commands.execute(new RequestEmailChange(subscriber.subscriberId, body.email, locale));
  }

  @Put('me/password')
  @HttpCode(204)
  @UseGuards(SubscriberApiGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: '«Изменение пароля»: the current password is required; every other session and token ends' })
  @ApiNoContentResponse()
  @ApiResponse({ status: 422, description: 'IDENTITY.CHANGE_INVALID with field errors (IDENTITY.CURRENT_PASSWORD_WRONG, IDENTITY.PASSWORD_*)' })
  async changePassword(
    @CurrentSubscriber() subscriber: AuthenticatedSubscriber,
    @CurrentApiToken() token: string | undefined,
    @Body() body: PasswordChangeDto,
    @RequestLocale() locale: Locale,
  ): Promise<void> {
    await this.commands.execute(new ChangePassword(subscriber.subscriberId, body, { apiToken: token }, locale));
  }

  @Put('me/subscription')
  @UseGuards(SubscriberApiGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: '«Редактирование подписки»: whether the invoice and the reminders of verification dates come by e-mail' })
  @ApiOkResponse({ type: SubscriptionDto })
  async changeSubscription(@CurrentSubscriber() subscriber: AuthenticatedSubscriber, @Body() body: SubscriptionDto): Promise<SubscriptionDto> {
    const choice = await this.commands.execute<SubscriptionChoice>(new ChangeSubscription(subscriber.subscriberId, body.invoiceByEmail, body.verificationReminders));
    return { invoiceByEmail: choice.invoiceByEmail, verificationReminders: choice.verificationReminders };
  }
}
