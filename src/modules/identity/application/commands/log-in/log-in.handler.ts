import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { checkedOrWithdrawn, PasswordHasher } from '@app/security';
import type { AuthenticatedSubscriber } from '@app/web';
import { IdentityErrors } from '../../../domain/identity.errors';
import { SubscriberAccountRepository } from '../../../domain/subscriber-account.repository';
import { toAuthenticatedSubscriber } from '../../authenticated-subscriber';
import { LoginThrottle } from '../../ports/login-throttle';
import { LogIn } from './log-in.command';

/**
 * Checks login and password with the same answer for either mistake; every attempt is counted per login
 * and per client address before the password is checked, and waits are imposed after repeated failures.
 * An unconfirmed account is told so (only after the right password, so that this tells nothing to a stranger).
 */
@CommandHandler(LogIn)
export class LogInHandler implements ICommandHandler<LogIn, AuthenticatedSubscriber> {
  constructor(
    private readonly accounts: SubscriberAccountRepository,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
  ) {}

  async execute({ login, password, clientAddress }: LogIn): Promise<AuthenticatedSubscriber> {
    // Counted before the password is checked: concurrent guesses cannot outrun the limit.
    const attempt = await this.throttle.attempt(login, clientAddress);
    if (!attempt.allowed) throw IdentityErrors.tooManyAttempts(attempt.retryAfterSeconds);
    const { account, ok } = await checkedOrWithdrawn(this.throttle, attempt.ticket, async () => {
      const account = login.trim() ? await this.accounts.snapshotByLogin(login) : null;
      // An unknown login takes the time of a verification too, so timing tells nothing.
      return { account, ok: account ? await this.hasher.verify(account.passwordHash, password) : await this.hasher.verifyAgainstNone(password) };
    });
    if (!account || !ok) {
      if (attempt.waitIfFailed > 0) throw IdentityErrors.tooManyAttempts(attempt.waitIfFailed);
      throw IdentityErrors.invalidCredentials();
    }
    await this.throttle.succeeded(attempt.ticket);
    account.assertCanLogIn();
    return toAuthenticatedSubscriber(account);
  }
}
