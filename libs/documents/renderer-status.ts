import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type Redis from 'ioredis';
import { hostname } from 'node:os';
import { REDIS } from '@app/messaging';
import { PdfRenderer, RendererStatus } from './pdf-renderer';

/** A Redis hash: each worker's latest probe of its renderer, by worker. */
const STATUS_KEY = 'documents:renderers';
/** How often a worker probes again (a running browser answers at once) and reports. */
const PROBE_INTERVAL_MS = 30_000;
/** A report older than this is a worker that stopped without saying so. */
const STALE_AFTER_MS = 3 * 60_000;

interface Report extends RendererStatus {
  /** Milliseconds since the epoch (the machine's time: freshness, not a business date). */
  at: number;
}

/**
 * The worker's side: tries the PDF renderer at start (launching Chromium once), says plainly in the log
 * when documents cannot be made and what to do, tries again every PROBE_INTERVAL_MS (so a browser
 * installed later is noticed without a restart), and reports each result to Redis for the web
 * process's /ready.
 */
@Injectable()
export class RendererStatusReporter implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Documents');
  private readonly worker = `${hostname()}:${process.pid}`;
  private timer: NodeJS.Timeout | undefined;
  private last: RendererStatus | undefined;

  constructor(
    private readonly renderer: PdfRenderer,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: the worker serves its other queues while Chromium starts.
    void this.check();
    this.timer = setInterval(() => void this.check(), PROBE_INTERVAL_MS);
    this.timer.unref();
  }

  /**
   * Before the shared Redis client is closed (in the shutdown hooks): a command sent to it after it
   * closed during an outage would wait for ever (ioredis leaves it "reconnecting" with no attempt due).
   */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.hdel(STATUS_KEY, this.worker).catch(() => undefined);
  }

  async check(): Promise<RendererStatus> {
    const status = await this.renderer.probe();
    if (!status.available && this.last?.available !== false) {
      this.logger.warn(`PDF reports are unavailable: ${status.detail}. The worker keeps looking for the browser; reports fail with this reason until then.`);
    } else if (status.available && this.last?.available === false) {
      this.logger.log(`PDF reports are available again (${status.detail})`);
    }
    this.last = status;
    const report: Report = { ...status, at: Date.now() };
    await this.redis.hset(STATUS_KEY, this.worker, JSON.stringify(report)).catch(() => undefined);
    return status;
  }
}

/** What /ready says of documents: a worker can render them, none can (and why), or no worker reported. */
export interface DocumentsReadiness {
  status: 'available' | 'unavailable' | 'unknown';
  detail: string;
}

/** The web process's side: the workers' latest reports, for /ready. */
@Injectable()
export class RendererStatusReader {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async readiness(): Promise<DocumentsReadiness> {
    const now = Date.now();
    const reports = Object.values(await this.redis.hgetall(STATUS_KEY))
      .map((text) => JSON.parse(text) as Report)
      .filter((report) => now - report.at < STALE_AFTER_MS);
    const working = reports.find((report) => report.available);
    if (working) return { status: 'available', detail: working.detail };
    if (reports.length > 0) return { status: 'unavailable', detail: `PDF reports cannot be made: ${reports[0].detail}` };
    return { status: 'unknown', detail: 'no worker has reported in the last 3 minutes' };
  }
}
