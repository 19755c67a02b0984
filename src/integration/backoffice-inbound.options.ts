/** Tuning of the back-office inbound processor, from the environment (documented in docs/integration.md). */
export interface BackofficeInboundOptions {
  /** Jobs taken at once by one worker process (BACKOFFICE_CONCURRENCY, default 100). */
  concurrency: number;
  /** Most events applied in one transaction (BACKOFFICE_BATCH, default 50). */
  batchSize: number;
  /**
   * Batches applied at the same time, each in its own transaction, from lanes by contract so that one
   * contract's events keep their order (BACKOFFICE_BATCHES_IN_FLIGHT, default 2).
   */
  batchesInFlight: number;
  /** Retries of an event whose contract is not known yet, when the producer set no attempts (BACKOFFICE_RETRIES, default 5). */
  retries: number;
  /** First delay of those retries, doubled each time (BACKOFFICE_RETRY_DELAY_MS, default 1000). */
  retryDelayMs: number;
}

function positiveInteger(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new Error(`Configuration error: ${name} must be a whole number (got "${raw}")`);
  return Number(raw.trim());
}

export function backofficeInboundOptions(env: Record<string, string | undefined> = process.env): BackofficeInboundOptions {
  return {
    concurrency: Math.max(1, positiveInteger(env, 'BACKOFFICE_CONCURRENCY', 100)),
    batchSize: Math.max(1, positiveInteger(env, 'BACKOFFICE_BATCH', 50)),
    batchesInFlight: Math.max(1, positiveInteger(env, 'BACKOFFICE_BATCHES_IN_FLIGHT', 2)),
    retries: positiveInteger(env, 'BACKOFFICE_RETRIES', 5),
    retryDelayMs: positiveInteger(env, 'BACKOFFICE_RETRY_DELAY_MS', 1000),
  };
}
