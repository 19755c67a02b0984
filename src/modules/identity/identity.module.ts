import { Module } from '@nestjs/common';
import { BillingModule } from '@modules/billing';
import { runOutsideUnitOfWork } from '@app/persistence';
import type Redis from 'ioredis';
import { REDIS } from '@app/messaging';
import { Argon2PasswordHasher, PASSWORD_ATTEMPTS, PasswordHasher, RedisAttemptThrottle, ZxcvbnPasswordStrength } from '@app/security';
import { Clock } from '@app/shared-kernel';
import { SubscriberAuthenticator } from '@app/web';
import { ChangePasswordHandler } from './application/commands/change-password/change-password.handler';
import { ChangeSubscriptionHandler } from './application/commands/change-subscription/change-subscription.handler';
import { ChooseLanguageHandler } from './application/commands/choose-language/choose-language.handler';
import { ConfirmEmailChangeHandler } from './application/commands/confirm-email-change/confirm-email-change.handler';
import { ConfirmRegistrationHandler } from './application/commands/confirm-registration/confirm-registration.handler';
import { LogIn } from './application/commands/log-in/log-in.command';
import { LogInHandler } from './application/commands/log-in/log-in.handler';
import { RegisterSubscriberHandler } from './application/commands/register-subscriber/register-subscriber.handler';
import { RequestEmailChangeHandler } from './application/commands/request-email-change/request-email-change.handler';
import { RequestPasswordRecoveryHandler } from './application/commands/request-password-recovery/request-password-recovery.handler';
import { ResendConfirmationHandler } from './application/commands/resend-confirmation/resend-confirmation.handler';
import { ResetPasswordHandler } from './application/commands/reset-password/reset-password.handler';
import { DemoConfirmation } from './application/demo-confirmation';
import { ApiTokenStore } from './application/ports/api-token-store';
import { LoginThrottle } from './application/ports/login-throttle';
import { MailRequestLimit } from './application/ports/mail-request-limit';
import { RegistrationThrottle } from './application/ports/registration-throttle';
import { SubscriberSessions } from './application/ports/subscriber-sessions';
import { PersonalDataQuery } from './application/queries/personal-data.query';
import { PasswordPolicy } from './domain/password-policy';
import { SubscriberAccountRepository } from './domain/subscriber-account.repository';
import { loadCommonPasswords } from './infrastructure/password/common-passwords';
import { MikroOrmSubscriberAccountRepository } from './infrastructure/persistence/mikro-orm-subscriber-account.repository';
import { PgSubscriberAuthenticator } from './infrastructure/persistence/pg-subscriber-authenticator';
import { PgSubscriberDirectory } from './infrastructure/persistence/pg-subscriber-directory';
import { SubscriberDirectory } from './application/subscriber-directory';
import { RedisApiTokenStore } from './infrastructure/redis/redis-api-token.store';
import { RedisMailRequestLimit } from './infrastructure/redis/redis-mail-request-limit';
import { RedisSubscriberSessions } from './infrastructure/redis/redis-subscriber-sessions';
import { IdentityApiController } from './interface/http/identity.api-controller';
import { SubscriberLoginStrategy } from './interface/http/subscriber-login.strategy';
import { CabinetPageController } from './interface/web/cabinet.page-controller';
import { LanguagePageController } from './interface/web/language.page-controller';
import { LoginPageController } from './interface/web/login.page-controller';
import { PasswordRecoveryPageController } from './interface/web/password-recovery.page-controller';
import { RegistrationPageController } from './interface/web/registration.page-controller';

// A login reads the account outside any transaction, then verifies its hash and counts in Redis.
runOutsideUnitOfWork(LogIn);

/** Identity's application services and adapters, shared by the web module and the command line. */
const PROVIDERS = [
  { provide: PasswordHasher, useClass: Argon2PasswordHasher },
  {
    provide: PasswordPolicy,
    useFactory: () => {
      // zxcvbn with our list of passwords common here as one more dictionary.
      const strength = new ZxcvbnPasswordStrength(loadCommonPasswords());
      return new PasswordPolicy((password, inputs) => strength.weakness(password, inputs));
    },
  },
  { provide: SubscriberAccountRepository, useClass: MikroOrmSubscriberAccountRepository },
  { provide: ApiTokenStore, useClass: RedisApiTokenStore },
  // Attempts counted in Redis before the secret is checked (libs/security/attempt-throttle.ts), with
  // the limits of every password check: logins and the current password (`login-*` keys), and
  // registrations testing a contract against an IIN/BIN (`register-*` keys).
  { provide: LoginThrottle, inject: [REDIS, Clock], useFactory: (redis: Redis, clock: Clock) => new RedisAttemptThrottle(redis, clock, 'login', PASSWORD_ATTEMPTS) },
  { provide: RegistrationThrottle, inject: [REDIS, Clock], useFactory: (redis: Redis, clock: Clock) => new RedisAttemptThrottle(redis, clock, 'register', PASSWORD_ATTEMPTS) },
  { provide: MailRequestLimit, useClass: RedisMailRequestLimit },
  { provide: SubscriberSessions, useClass: RedisSubscriberSessions },
  PersonalDataQuery,
  RegisterSubscriberHandler,
  ConfirmRegistrationHandler,
  ResendConfirmationHandler,
  LogInHandler,
  RequestPasswordRecoveryHandler,
  ResetPasswordHandler,
  RequestEmailChangeHandler,
  ConfirmEmailChangeHandler,
  ChangePasswordHandler,
  ChangeSubscriptionHandler,
  ChooseLanguageHandler,
];

/**
 * Identity, web side: registration, confirmation, login, recovery, e-mail and password, as pages and
 * as the REST API. Exports its implementation of libs/web's SubscriberAuthenticator ("who is signed
 * in"), which the web process hands to SubscriberAuthModule.forRoot.
 */
@Module({
  imports: [BillingModule],
  controllers: [LoginPageController, RegistrationPageController, PasswordRecoveryPageController, CabinetPageController, LanguagePageController, IdentityApiController],
  providers: [...PROVIDERS, { provide: SubscriberAuthenticator, useClass: PgSubscriberAuthenticator }, SubscriberLoginStrategy],
  exports: [SubscriberAuthenticator],
})
export class IdentityModule {}

/** Identity's commands without pages or API, for the command line (seeding demo subscribers). */
@Module({
  imports: [BillingModule],
  providers: [...PROVIDERS, DemoConfirmation],
  exports: [DemoConfirmation, BillingModule],
})
export class IdentityCommandsModule {}

/**
 * Identity's facade for the contexts that notify subscribers (Metering's verification reminders): who
 * of a contract's cabinet wants which notice. Nothing else of Identity comes with it.
 */
@Module({
  providers: [{ provide: SubscriberDirectory, useClass: PgSubscriberDirectory }],
  exports: [SubscriberDirectory],
})
export class IdentityDirectoryModule {}
