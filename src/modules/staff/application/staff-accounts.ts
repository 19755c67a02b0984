import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { PasswordHasher, ZxcvbnPasswordStrength } from '@app/security';
import { Clock } from '@app/shared-kernel';
import { StaffAccount, StaffRole } from '../domain/staff-account';
import { StaffErrors } from '../domain/staff.errors';

/** Staff accounts: created from the command line, checked at the staff login. */
@Injectable()
export class StaffAccounts {
  private strength?: ZxcvbnPasswordStrength;

  constructor(
    private readonly em: EntityManager,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates the account (a `viewer` unless another role is given), or sets a new password (and the role,
   * when given) when the login exists.
   */
  async upsert(login: string, password: string, role?: StaffRole): Promise<{ account: StaffAccount; created: boolean }> {
    if (password.length < 10) throw new Error('A staff password has at least 10 characters');
    // The same estimator as the subscribers' passwords (zxcvbn, score 3 or more), the login as user input.
    const weakness = (this.strength ??= new ZxcvbnPasswordStrength()).weakness(password, [login]);
    if (weakness) throw StaffErrors.passwordTooWeak(weakness);
    const em = this.em.fork();
    const existing = await em.findOne(StaffAccount, { login: login.trim().toLowerCase() });
    const hash = await this.hasher.hash(password);
    if (existing) {
      existing.changePassword(hash);
      if (role) existing.changeRole(role);
      await em.flush();
      return { account: existing, created: false };
    }
    const account = StaffAccount.create(login, hash, role ?? 'viewer', this.clock.now());
    await em.persistAndFlush(account);
    return { account, created: true };
  }

  /** The account when login and password match; the same undefined for either mistake. */
  async authenticate(login: string, password: string): Promise<StaffAccount | undefined> {
    const account = await this.em.fork().findOne(StaffAccount, { login: login.trim().toLowerCase() });
    // Verify against a dummy hash when the login is unknown, so timing does not tell which was wrong.
    const ok = account ? await this.hasher.verify(account.passwordHash, password) : await this.hasher.verifyAgainstNone(password);
    return account && ok ? account : undefined;
  }
}
