import { Global, Module } from '@nestjs/common';
import { Argon2PasswordHasher, PasswordHasher } from '@app/security';
import { ApiTokenStore } from './application/ports/api-token-store';
import { LoginThrottle } from './application/ports/login-throttle';
import { SubscriberSessions } from './application/ports/subscriber-sessions';
import { SubscriberAuthenticator } from './application/subscriber-authenticator';
import { SubscriberAccountRepository } from './domain/subscriber-account.repository';
import { MikroOrmSubscriberAccountRepository } from './infrastructure/persistence/mikro-orm-subscriber-account.repository';
import { RedisApiTokenStore } from './infrastructure/redis/redis-api-token.store';
import { RedisLoginThrottle } from './infrastructure/redis/redis-login-throttle';
import { RedisSubscriberSessions } from './infrastructure/redis/redis-subscriber-sessions';
import { SubscriberAuthGuard } from './interface/http/subscriber-auth.guard';
import { LoginPageController } from './interface/web/login.page-controller';

/**
 * Identity, web side: registration, confirmation, login, recovery, e-mail and password. Global, so
 * that other contexts' controllers can use SubscriberAuthGuard without importing this module.
 */
@Global()
@Module({
  controllers: [LoginPageController],
  providers: [
    { provide: PasswordHasher, useClass: Argon2PasswordHasher },
    { provide: SubscriberAccountRepository, useClass: MikroOrmSubscriberAccountRepository },
    { provide: ApiTokenStore, useClass: RedisApiTokenStore },
    { provide: LoginThrottle, useClass: RedisLoginThrottle },
    { provide: SubscriberSessions, useClass: RedisSubscriberSessions },
    SubscriberAuthenticator,
    SubscriberAuthGuard,
  ],
  exports: [SubscriberAuthenticator, SubscriberAuthGuard],
})
export class IdentityModule {}
