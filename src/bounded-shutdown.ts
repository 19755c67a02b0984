/**
 * A stop that cannot hang. On SIGTERM or SIGINT, Nest's shutdown hooks (enableShutdownHooks) close the
 * HTTP server, the queues' workers (each waiting for the job in hand), the outbox relay, the database
 * pools and Redis. Should one of them wait without end (a connection never given back to its pool, a
 * dependency gone for good), the process would stay, half closed, and hold up a restart or a deploy.
 * `seconds` after the signal it writes what is still open and exits with code 1; a job it had in hand
 * is taken again by another worker once its lock expires (BullMQ's stalled jobs).
 *
 * The listeners are `once`: Nest's own hook sends the signal again when it has closed everything, and
 * that one must find no listener left, so that the process ends.
 */
export function boundShutdown(seconds: number, processName: string): void {
  const arm = (signal: NodeJS.Signals): void => {
    setTimeout(() => {
      process.stderr.write(`${processName} had not finished its shutdown ${seconds} s after ${signal} (SHUTDOWN_TIMEOUT_SECONDS); exiting. Still open: ${openResources()}\n`);
      process.exit(1);
    }, seconds * 1000).unref();
  };
  process.once('SIGTERM', arm);
  process.once('SIGINT', arm);
}

/** Node's active handles and requests by kind, e.g. "TCPSocketWrap ×3, Timeout ×2". */
function openResources(): string {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => `${kind} ×${count}`).join(', ') || 'nothing';
}
