/** Seconds a client is asked to wait (Retry-After) when PostgreSQL or Redis is unreachable. */
export const OUTAGE_RETRY_AFTER_SECONDS = 10;

const OUTAGE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTCONN', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const OUTAGE_NAMES = new Set(['ConnectionException', 'MaxRetriesPerRequestError', 'AbortError']);
// «Transaction query already complete»: knex's answer to the next query of a transaction whose connection
// was lost (seen in the soak test when PostgreSQL's connections were cut in the middle of a report).
const OUTAGE_MESSAGES =
  /Transaction query already complete|Connection terminated|Connection is closed|connection error|timeout exceeded when trying to connect|Stream isn't writeable|enableOfflineQueue|ECONNREFUSED|ECONNRESET|connect ETIMEDOUT|Client was closed|Reached the max retries per request|the database system is (starting up|shutting down)|terminating connection/i;

/**
 * Whether an error means that PostgreSQL or Redis could not be reached (a dependency is down), rather
 * than a fault of the request or of the code: such a request is answered 503 with Retry-After, and the
 * client is asked to try again. Looks at the error and the errors it wraps (`cause`, `previous`).
 */
export function isDependencyOutage(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const { code, name, message, cause, previous } = error as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; previous?: unknown };
  if (typeof code === 'string' && OUTAGE_CODES.has(code)) return true;
  if (typeof name === 'string' && OUTAGE_NAMES.has(name) && name !== 'AbortError') return true;
  if (error.constructor?.name && OUTAGE_NAMES.has(error.constructor.name) && error.constructor.name !== 'AbortError') return true;
  if (typeof message === 'string' && OUTAGE_MESSAGES.test(message)) return true;
  return isDependencyOutage(cause, depth + 1) || isDependencyOutage(previous, depth + 1);
}
