import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { startWeb } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';
import { TcpProxy } from '../helpers/tcp-proxy';

describe('a request while PostgreSQL or Redis is unreachable', () => {
  let redis: TcpProxy;
  let postgres: TcpProxy;
  let web: NestExpressApplication;

  beforeAll(async () => {
    redis = await new TcpProxy('127.0.0.1', 6379).start();
    postgres = await new TcpProxy('127.0.0.1', 5432).start();
    const direct = await testConfig();
    const database = new URL(direct.databaseUrl);
    database.port = String(postgres.port);
    const config = await testConfig({ REDIS_URL: redis.url, DATABASE_URL: database.toString() });
    web = await startWeb(config);
  });

  afterAll(async () => {
    await redis.restore();
    await postgres.restore();
    await web?.close();
    await redis.stop();
    await postgres.stop();
  });

  it('gets 503 with Retry-After and a page that says to try again while Redis is down', async () => {
    // A browser with a session: its page needs the session from Redis.
    const browser = request.agent(web.getHttpServer());
    await browser.get('/login').expect(200);
    await redis.cut();
    try {
      const page = await browser.get('/login').set('Accept-Language', 'ru');
      expect(page.status).toBe(503);
      expect(page.headers['retry-after']).toBe('10');
      expect(page.text).toContain('Сервис временно недоступен');
      expect(page.text).not.toMatch(/ECONNREFUSED|Stream isn't writeable|at .*\.js/);
    } finally {
      await redis.restore();
    }
  });

  it('gets 503 problem+json with Retry-After from the API while PostgreSQL is down', async () => {
    await postgres.cut();
    try {
      const res = await request(web.getHttpServer()).post('/api/v1/auth/token').set('Accept-Language', 'en').send({ login: 'vk2666', password: 'whatever-password' });
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('10');
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.parse(res.text)).toMatchObject({ status: 503, title: 'Service temporarily unavailable' });
    } finally {
      await postgres.restore();
    }
    await request(web.getHttpServer()).get('/login').expect(200);
  });
});
