import { randomUUID } from 'node:crypto';
import { StaffErrors } from './staff.errors';

/** A member of the utility's staff who may watch and retry the queues. */
export class StaffAccount {
  id!: string;
  login!: string;
  passwordHash!: string;
  createdAt!: Date;

  static create(login: string, passwordHash: string, now: Date): StaffAccount {
    const normalized = login.trim().toLowerCase();
    if (!/^[a-z0-9._-]{3,64}$/.test(normalized)) throw StaffErrors.invalidLogin();
    const account = new StaffAccount();
    account.id = randomUUID();
    account.login = normalized;
    account.passwordHash = passwordHash;
    account.createdAt = now;
    return account;
  }

  changePassword(passwordHash: string): void {
    this.passwordHash = passwordHash;
  }
}
