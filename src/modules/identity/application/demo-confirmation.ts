import { Injectable } from '@nestjs/common';
import { Clock } from '@app/shared-kernel';
import { Commands, UnitOfWork } from '@app/persistence';
import { CONFIRMATION_TTL_MS } from '../domain/one-time-token';
import { SubscriberAccountRepository } from '../domain/subscriber-account.repository';
import { ConfirmRegistration } from './commands/confirm-registration/confirm-registration.command';
import { issueSecret } from './secret-links';

/**
 * For the demo data only (command line): confirms a registration as if its e-mail link had been
 * followed: a fresh link is issued to the account, then ConfirmRegistration runs with it.
 */
@Injectable()
export class DemoConfirmation {
  constructor(
    private readonly accounts: SubscriberAccountRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly commands: Commands,
    private readonly clock: Clock,
  ) {}

  stateOf(login: string): Promise<'absent' | 'unconfirmed' | 'active'> {
    return this.unitOfWork.run(async () => {
      const account = await this.accounts.byLogin(login);
      return !account ? 'absent' : account.isConfirmed() ? 'active' : 'unconfirmed';
    });
  }

  async confirm(login: string): Promise<void> {
    const { secret, issued } = issueSecret(this.clock.now(), CONFIRMATION_TTL_MS);
    await this.unitOfWork.run(async () => {
      const account = await this.accounts.byLogin(login);
      account?.reissueConfirmation(issued);
    });
    await this.commands.execute(new ConfirmRegistration(secret));
  }
}
