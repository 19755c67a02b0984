import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { Queue } from 'bullmq';
import { request as httpRequest } from 'node:http';
import { AppConfig } from '@app/config';
import { QUEUES } from '@app/messaging';
import { WorkerFigures } from '../../src/metrics/worker-figures';
import { eventually, startWeb, startWorker } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';

/** GET from a given local address (any 127.x.y.z reaches the loopback on Linux). */
function scrape(port: number, from: string, path = '/metrics', headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, localAddress: from, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('metrics for operators', () => {
  let config: AppConfig;
  let web: NestExpressApplication;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    config = await testConfig({ METRICS_ALLOW: '127.0.0.1', WORKER_METRICS_PORT: '0' });
    web = await startWeb(config);
    worker = await startWorker(config);
  });

  afterAll(async () => {
    await web?.close();
    await worker?.close();
  });

  it('serves the web process\'s figures to an allowed address in Prometheus\' format', async () => {
    expect((await scrape(config.port, '127.0.0.1', '/login')).status).toBe(200);
    expect((await scrape(config.port, '127.0.0.1', '/cabinet/readings/m-17/consumption')).status).toBe(303);
    const res = await scrape(config.port, '127.0.0.1');
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/plain');
    // Requests by route template, never the raw URL.
    expect(res.body).toMatch(/vk_http_request_duration_seconds_count\{method="GET",route="\/login",status="200"\} 1/);
    expect(res.body).toMatch(/vk_http_request_duration_seconds_count\{method="GET",route="\/cabinet\/readings\/:meterId\/consumption",status="303"\} 1/);
    expect(res.body).not.toContain('m-17');
    expect(res.body).toMatch(/vk_queue_jobs\{queue="backoffice-inbound",state="waiting"\} \d+/);
    expect(res.body).toMatch(/vk_outbox_pending \d+/);
    expect(res.body).toMatch(/vk_outbox_lag_seconds \d/);
    expect(res.body).toMatch(/vk_outbox_parked 0/);
    expect(res.body).toContain('# TYPE vk_login_throttled_total counter');
    expect(res.body).toContain('# TYPE vk_pdf_render_seconds histogram');
  });

  it('refuses any other address, and a request forwarded by a proxy', async () => {
    const other = await scrape(config.port, '127.0.0.2');
    expect(other.status).toBe(403);
    expect(other.body).not.toContain('vk_');
    const proxied = await scrape(config.port, '127.0.0.1', '/metrics', { 'X-Forwarded-For': '203.0.113.9' });
    expect(proxied.status).toBe(403);
  });

  it('serves the worker\'s figures on its own port, to the same addresses', async () => {
    const port = worker.get(WorkerFigures).port()!;
    expect(port).toBeGreaterThan(0);
    // An event that can never be applied (no fields): refused with its reason.
    const inbound = worker.get<Queue>(getQueueToken(QUEUES.BACKOFFICE_INBOUND), { strict: false });
    await inbound.add('meter.upserted', {}, { jobId: 'metrics-invalid-event' });
    const res = await eventually(async () => {
      const scraped = await scrape(port, '127.0.0.1');
      return /vk_inbound_events_total\{outcome="refused"\} 1/.test(scraped.body) ? scraped : undefined;
    }, 15_000, 'the refused event counted');
    expect(res.body).toMatch(/vk_jobs_total\{queue="backoffice-inbound",outcome="failed"\} 1/);
    expect(res.body).toMatch(/vk_outbox_delivered_total \d+/);
    expect(res.body).toMatch(/vk_queue_jobs\{queue="backoffice-inbound",state="failed"\} 1/);
    expect((await scrape(port, '127.0.0.2')).status).toBe(403);
  });
});
