import { AsyncLocalStorage } from 'node:async_hooks';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import type { QueueAdapterOptions } from '@bull-board/api/typings/app';
import type { StaffRole } from '../../domain/staff-account';

/** The role of the staff member whose dashboard request is running (set by staffOnly). */
const requestRole = new AsyncLocalStorage<StaffRole>();

/** Runs the rest of a dashboard request as `role`: the board then shows (and allows) what that role may do. */
export function runAsStaffRole<T>(role: StaffRole, work: () => T): T {
  return requestRole.run(role, work);
}

/**
 * Bull Board's BullMQ adapter whose read-only mode follows the role of the request: a viewer's board is
 * read-only (its UI offers no action, and Bull Board itself refuses any with 405); an operator's board
 * allows retries of failed jobs only (not of completed ones). What an operator may change is decided
 * by staffOnly (staffMay), before Bull Board sees the request.
 */
export class StaffBoardAdapter extends BullMQAdapter {
  constructor(queue: ConstructorParameters<typeof BullMQAdapter>[0], options: Partial<QueueAdapterOptions> = {}) {
    super(queue, { ...options, readOnlyMode: false, allowRetries: true, allowCompletedRetries: false } as Partial<QueueAdapterOptions>);
  }
}

// Bull Board reads these per request (queues handler, queueProvider); the base constructor's assignments are ignored.
Object.defineProperty(StaffBoardAdapter.prototype, 'readOnlyMode', {
  get: () => requestRole.getStore() !== 'operator',
  set: () => undefined,
  configurable: true,
});
Object.defineProperty(StaffBoardAdapter.prototype, 'allowRetries', {
  get: () => requestRole.getStore() === 'operator',
  set: () => undefined,
  configurable: true,
});
