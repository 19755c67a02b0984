import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ContractDirectory, ContractView } from '@modules/billing';
import { Notifier } from '@app/notifications';
import { checkedOrWithdrawn, PasswordHasher } from '@app/security';
import { Clock, DomainError, IinBin } from '@app/shared-kernel';
import { parseEmail } from '../../../domain/email-address';
import { IdentityErrors } from '../../../domain/identity.errors';
import { CONFIRMATION_TTL_MS } from '../../../domain/one-time-token';
import { PasswordPolicy } from '../../../domain/password-policy';
import { SubscriberAccount } from '../../../domain/subscriber-account.aggregate';
import { SubscriberAccountRepository } from '../../../domain/subscriber-account.repository';
import { loginFor, parseContractNumber } from '../../../domain/subscriber-login';
import { RegistrationThrottle } from '../../ports/registration-throttle';
import { issueSecret } from '../../secret-links';
import { numberField, RegisterSubscriber, RegistrationResult } from './register-subscriber.command';

const NAME_MAX = 300;

/**
 * Checks every field (each failure with its field), then that the contract or account exists in the
 * back office's data with the same IIN/BIN and has no cabinet yet; creates the account waiting for its
 * e-mail confirmation and sends the link. A number and IIN/BIN that do not match get the same answer as
 * a number that does not exist (nothing tells which contracts exist), «already registered» is told only
 * to whoever gave both right, and each such test is counted per contract and per client address before
 * the contract is looked up (RegistrationThrottle).
 */
@CommandHandler(RegisterSubscriber)
export class RegisterSubscriberHandler implements ICommandHandler<RegisterSubscriber, RegistrationResult> {
  constructor(
    private readonly accounts: SubscriberAccountRepository,
    private readonly contracts: ContractDirectory,
    private readonly policy: PasswordPolicy,
    private readonly hasher: PasswordHasher,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
    private readonly throttle: RegistrationThrottle,
  ) {}

  async execute({ input, locale, clientAddress }: RegisterSubscriber): Promise<RegistrationResult> {
    const type = input.subscriberType;
    const errors: DomainError[] = [];
    const name = input.name.trim().replace(/\s+/g, ' ');
    if (name === '') errors.push(IdentityErrors.fieldRequired('name'));
    else if (name.length > NAME_MAX) errors.push(IdentityErrors.nameTooLong('name', NAME_MAX));
    const email = parseEmail(input.email);
    if (email instanceof DomainError) errors.push(email);
    const field = numberField(type);
    const number = parseContractNumber(input.number, field);
    if (number instanceof DomainError) errors.push(number);
    const login = typeof number === 'string' ? loginFor(type, number) : null;
    errors.push(
      ...this.policy.checkWithConfirmation(input.password, input.passwordConfirmation, {
        login,
        email: typeof email === 'string' ? email : null,
        name,
        contractNumber: typeof number === 'string' ? number : null,
      }),
    );
    const iinBinText = input.iinBin.trim();
    const iinBin = IinBin.parse(iinBinText);
    if (iinBinText === '') errors.push(IdentityErrors.fieldRequired('iinBin'));
    else if (!iinBin) errors.push(IdentityErrors.iinBinInvalid('iinBin'));

    if (typeof number === 'string' && login && iinBin) {
      const attempt = await this.throttle.attempt(`${type}:${number}`, clientAddress);
      if (!attempt.allowed) throw IdentityErrors.tooManyRegistrations(attempt.retryAfterSeconds);
      const contract = await checkedOrWithdrawn(this.throttle, attempt.ticket, () => this.findContract(type, number));
      if (!contract || contract.iinBin !== iinBin.value) {
        errors.push(type === 'legal' ? IdentityErrors.contractNotFound(field) : IdentityErrors.accountNotFound(field));
      } else {
        await this.throttle.succeeded(attempt.ticket);
        if (await this.accounts.byLogin(login)) errors.push(IdentityErrors.alreadyRegistered(field));
      }
    }
    if (errors.length > 0 || typeof email !== 'string' || typeof number !== 'string' || !iinBin) {
      throw IdentityErrors.registrationInvalid(errors);
    }

    const now = this.clock.now();
    const { secret, issued } = issueSecret(now, CONFIRMATION_TTL_MS);
    const account = SubscriberAccount.register(
      { subscriberType: type, contractNumber: number, name, iinBin: iinBin.value, email, invoiceByEmail: input.invoiceByEmail, locale },
      await this.hasher.hash(input.password),
      issued,
      now,
    );
    this.accounts.add(account);
    await this.notifier.email({
      to: email,
      template: 'identity/emails/confirm-registration',
      locale,
      params: { name, login: account.login, link: `/register/confirm?token=${secret}`, hours: CONFIRMATION_TTL_MS / 3600_000 },
    });
    return { subscriberId: account.id, login: account.login, email };
  }

  private async findContract(type: RegisterSubscriber['input']['subscriberType'], number: string): Promise<ContractView | null> {
    if (type === 'legal') {
      const contract = await this.contracts.findContract(number);
      return contract?.subscriberType === 'legal' ? contract : null;
    }
    const contract = await this.contracts.findContractOfAccount(number);
    return contract?.subscriberType === 'individual' && contract.contractNumber === number ? contract : null;
  }
}
