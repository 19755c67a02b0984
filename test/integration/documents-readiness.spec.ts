import { INestApplicationContext, Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AppConfig } from '@app/config';
import { eventually, startWeb, startWorker } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';

/**
 * A worker that cannot launch Chromium says so in its log at start, naming CHROMIUM_PATH, and the web
 * process's /ready says PDFs are unavailable and why, while still answering ready (PostgreSQL and Redis
 * are up); a worker that can launch it makes /ready say they are available.
 */
describe('whether PDF reports can be made, as /ready tells it', () => {
  let config: AppConfig;
  let web: NestExpressApplication;
  let dir: string;

  beforeAll(async () => {
    config = await testConfig();
    web = await startWeb(config);
    dir = mkdtempSync(join(tmpdir(), 'vk-broken-chromium-'));
  });

  afterAll(async () => {
    await web?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const documents = async () => (await request(web.getHttpServer()).get('/ready').expect(200)).body.documents as { status: string; detail: string };

  it('says so when no worker has reported, when the worker cannot launch Chromium, and when it can', async () => {
    expect((await documents()).status).toBe('unknown');

    const broken = join(dir, 'chromium');
    writeFileSync(broken, '#!/bin/sh\necho "this is not a browser" >&2\nexit 1\n');
    chmodSync(broken, 0o755);
    const warnings: string[] = [];
    const spy = jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
    let worker: INestApplicationContext | undefined = await startWorker({ ...config, chromiumPath: broken });
    try {
      const unavailable = await eventually(async () => ((await documents()).status === 'unavailable' ? documents() : undefined), 15_000, '/ready to say PDFs are unavailable');
      expect(unavailable.detail).toContain(`Chromium at ${broken} cannot be launched (set CHROMIUM_PATH to a working browser)`);
      expect(warnings.some((line) => line.startsWith('PDF reports are unavailable') && line.includes('CHROMIUM_PATH'))).toBe(true);
    } finally {
      spy.mockRestore();
      await worker.close();
    }

    worker = await startWorker(config);
    try {
      const available = await eventually(async () => ((await documents()).status === 'available' ? documents() : undefined), 15_000, '/ready to say PDFs are available');
      expect(available.detail).toMatch(/^Chromium \d+/);
    } finally {
      await worker.close();
    }
  });
});
