import { randomUUID } from 'node:crypto';
import { StaffErrors } from './staff.errors';

/**
 * What a member of the staff may do on the queue dashboard: a `viewer` only looks; an `operator` may also
 * retry and clean failed jobs, but never add, edit, promote, pause, empty or remove anything else.
 */
export const STAFF_ROLES = ['viewer', 'operator'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** What a request to the dashboard would do: look, or one of the changes an operator may make, or any other change. */
export type BoardAction = 'read' | 'retry-failed-jobs' | 'clean-failed-jobs' | 'retry-job' | 'clean-job' | 'resend-parked-events' | 'other-change';

export function parseStaffRole(value: string): StaffRole {
  const role = STAFF_ROLES.find((each) => each === value.trim().toLowerCase());
  if (!role) throw StaffErrors.invalidRole();
  return role;
}

/**
 * Whether a role may take an action: anyone may read; an operator may retry or clean every failed job
 * of a queue, or one job that has failed (`jobState`, as the queue holds it now), and send parked outbox
 * events again.
 */
export function staffMay(role: StaffRole, action: BoardAction, jobState?: string): boolean {
  if (action === 'read') return true;
  if (role !== 'operator') return false;
  if (action === 'retry-failed-jobs' || action === 'clean-failed-jobs' || action === 'resend-parked-events') return true;
  if (action === 'retry-job' || action === 'clean-job') return jobState === 'failed';
  return false;
}

/** A member of the utility's staff who may watch (viewer) or also retry and clean failed jobs (operator). */
export class StaffAccount {
  id!: string;
  login!: string;
  passwordHash!: string;
  role!: StaffRole;
  createdAt!: Date;

  static create(login: string, passwordHash: string, role: StaffRole, now: Date): StaffAccount {
    const normalized = login.trim().toLowerCase();
    if (!/^[a-z0-9._-]{3,64}$/.test(normalized)) throw StaffErrors.invalidLogin();
    const account = new StaffAccount();
    account.id = randomUUID();
    account.login = normalized;
    account.passwordHash = passwordHash;
    account.role = role;
    account.createdAt = now;
    return account;
  }

  changePassword(passwordHash: string): void {
    this.passwordHash = passwordHash;
  }

  changeRole(role: StaffRole): void {
    this.role = role;
  }
}
