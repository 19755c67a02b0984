/** Names of every BullMQ queue of the cabinet. The back office reaches the two `backoffice-*` ones. */
export const QUEUES = {
  EMAIL: 'email',
  PDF: 'pdf',
  BACKOFFICE_INBOUND: 'backoffice-inbound',
  BACKOFFICE_OUTBOUND: 'backoffice-outbound',
  /** The worker's scheduled jobs (job schedulers), e.g. the daily verification reminders. */
  SCHEDULED: 'scheduled',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const ALL_QUEUES: readonly QueueName[] = Object.values(QUEUES);

/**
 * Retries of the jobs the cabinet itself puts on a queue (through the outbox): transient failures
 * (SMTP down, Chromium busy) retry with exponential backoff; a job that can never succeed throws
 * UnrecoverableError and fails at once.
 */
export const QUEUE_JOB_DEFAULTS: Record<QueueName, { attempts: number; backoff: { type: 'exponential'; delay: number } }> = {
  [QUEUES.EMAIL]: { attempts: 8, backoff: { type: 'exponential', delay: 2_000 } },
  [QUEUES.PDF]: { attempts: 3, backoff: { type: 'exponential', delay: 2_000 } },
  [QUEUES.BACKOFFICE_INBOUND]: { attempts: 8, backoff: { type: 'exponential', delay: 1_000 } },
  [QUEUES.BACKOFFICE_OUTBOUND]: { attempts: 8, backoff: { type: 'exponential', delay: 5_000 } },
  [QUEUES.SCHEDULED]: { attempts: 5, backoff: { type: 'exponential', delay: 30_000 } },
};

/**
 * Where each event that leaves through the outbox goes: event name → queue. The job name is the event
 * name and the job id is the event id. An event without a route is a programming error and fails the
 * flush that tries to write it.
 */
const OUTBOX_ROUTES = new Map<string, QueueName>([
  ['email.requested', QUEUES.EMAIL],
  ['document.requested', QUEUES.PDF],
  ['readings.submitted', QUEUES.BACKOFFICE_OUTBOUND],
  ['subscriber.registered', QUEUES.BACKOFFICE_OUTBOUND],
  ['subscriber.email-changed', QUEUES.BACKOFFICE_OUTBOUND],
  ['subscription.changed', QUEUES.BACKOFFICE_OUTBOUND],
]);

export function outboxRouteOf(eventName: string): QueueName | undefined {
  return OUTBOX_ROUTES.get(eventName);
}

/** For tests of the outbox itself: routes an extra event name to a queue. */
export function registerOutboxRoute(eventName: string, queue: QueueName): void {
  OUTBOX_ROUTES.set(eventName, queue);
}
