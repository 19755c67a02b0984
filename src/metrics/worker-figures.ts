import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, ModuleRef } from '@nestjs/core';
import type { Job } from 'bullmq';
import { createServer, Server } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { APP_CONFIG, AppConfig } from '@app/config';
import { QUEUES, workersOf } from '@app/messaging';
import { OutboxRelay } from '@app/persistence';
import { MetricsAccess } from './metrics-access';
import { METRICS_REGISTRY, scrape } from './metrics-registry';

/**
 * The worker's own figures: jobs it finished per queue and outcome with their durations, the inbound
 * events by outcome (applied, duplicate, or as the processor names it, e.g. stale; refused: failed for
 * good with a reason), and the events its outbox relay moved. Served on WORKER_METRICS_PORT when
 * METRICS_ALLOW is set, to those addresses only.
 */
@Injectable()
export class WorkerFigures implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerFigures.name);
  private server: Server | undefined;
  private readonly jobs: Counter<'queue' | 'outcome'>;
  private readonly durations: Histogram<'queue'>;
  private readonly inbound: Counter<'outcome'>;

  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: MetricsAccess,
    private readonly discovery: DiscoveryService,
    modules: ModuleRef,
  ) {
    this.jobs = new Counter({ name: 'vk_jobs_total', help: 'Jobs this worker finished, by queue and outcome (completed, failed: for good; retried: will run again)', labelNames: ['queue', 'outcome'], registers: [registry] });
    this.durations = new Histogram({
      name: 'vk_job_duration_seconds',
      help: 'How long this worker took over a job, by queue',
      labelNames: ['queue'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    });
    this.inbound = new Counter({ name: 'vk_inbound_events_total', help: 'Back-office events this worker handled, by outcome (applied, duplicate, stale, refused)', labelNames: ['outcome'], registers: [registry] });
    new Gauge({
      name: 'vk_outbox_delivered_total',
      help: 'Outbox events this worker\'s relay moved to their queues since it started',
      registers: [registry],
      collect() {
        this.set(modules.get(OutboxRelay, { strict: false }).delivered);
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const worker of workersOf(this.discovery)) {
      worker.on('completed', (job: Job) => this.finished(job, 'completed'));
      worker.on('failed', (job: Job | undefined, error: Error) => {
        if (!job) return;
        const final = error?.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
        this.finished(job, final ? 'failed' : 'retried');
      });
    }
    if (this.access.enabled) await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private finished(job: Job, outcome: 'completed' | 'failed' | 'retried'): void {
    this.jobs.inc({ queue: job.queueName, outcome });
    if (job.processedOn && job.finishedOn) this.durations.observe({ queue: job.queueName }, (job.finishedOn - job.processedOn) / 1000);
    if (job.queueName !== QUEUES.BACKOFFICE_INBOUND || outcome === 'retried') return;
    const status = (job.returnvalue as { status?: unknown } | null)?.status;
    this.inbound.inc({ outcome: outcome === 'failed' ? 'refused' : typeof status === 'string' ? status : 'applied' });
  }

  private async listen(): Promise<void> {
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404).end('Not Found');
        return;
      }
      if (!this.access.allows(req)) {
        res.writeHead(403).end('Forbidden');
        return;
      }
      scrape(this.registry).then(
        ({ contentType, body }) => res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' }).end(body),
        (error: unknown) => res.writeHead(500).end((error as Error).message),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.metrics.workerPort, () => resolve());
    }).catch((error: unknown) => this.logger.error(`Worker metrics cannot listen on port ${this.config.metrics.workerPort}: ${(error as Error).message}`));
    if (server.listening) this.server = server;
  }

  /** The port the metrics server listens on (tests give 0: any free one). */
  port(): number | undefined {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : undefined;
  }
}
