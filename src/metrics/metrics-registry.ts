import { collectDefaultMetrics, register, Registry } from 'prom-client';

/** The metrics of one process (web or worker) that depend on its services: a registry of its own. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

let defaultsCollected = false;

/**
 * Everything a scrape returns: the process's own registry and prom-client's global one, where the
 * libraries' module-level metrics live (libs/documents' PDF render time) with Node's process figures.
 */
export async function scrape(registry: Registry): Promise<{ contentType: string; body: string }> {
  if (!defaultsCollected) {
    defaultsCollected = true;
    collectDefaultMetrics({ prefix: 'vk_' });
  }
  const merged = Registry.merge([register, registry]);
  return { contentType: merged.contentType, body: await merged.metrics() };
}
