import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { AppConfig } from '@app/config';
import { StaffAccounts } from '@modules/staff';
import { startWeb } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';

/** Pulls the CSRF token out of a rendered form. */
function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('No CSRF token in the page');
  return match[1];
}

describe('web platform', () => {
  let config: AppConfig;
  let app: NestExpressApplication;

  beforeAll(async () => {
    config = await testConfig();
    app = await startWeb(config);
    await app.get(StaffAccounts).upsert('operator', 'correct horse battery');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers /health and /ready with PostgreSQL and Redis up', async () => {
    await request(app.getHttpServer()).get('/health').expect(200, { status: 'ok' });
    const ready = await request(app.getHttpServer()).get('/ready').expect(200);
    expect(ready.body.info).toEqual({ postgresql: { status: 'up' }, redis: { status: 'up' } });
  });

  it('serves a Russian 404 page without internals, with a strict CSP and no session for non-pages', async () => {
    const res = await request(app.getHttpServer()).get('/no/such/page').expect(404);
    expect(res.text).toContain('Страница не найдена');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    const health = await request(app.getHttpServer()).get('/health');
    expect(health.headers['set-cookie']).toBeUndefined();
  });

  it('answers problem+json under /api', async () => {
    const res = await request(app.getHttpServer()).get('/api/v1/nothing').expect(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(res.text)).toMatchObject({ status: 404, instance: '/api/v1/nothing' });
  });

  it('serves the OpenAPI document', async () => {
    const res = await request(app.getHttpServer()).get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    await request(app.getHttpServer()).get('/api/docs').expect(200);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie when a form is rendered', async () => {
    const res = await request(app.getHttpServer()).get('/login').expect(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/vk\.sid=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  describe('CSRF', () => {
    it('refuses a form post without the token with 403', async () => {
      const agent = request.agent(app.getHttpServer());
      await agent.get('/admin/login').expect(200);
      const res = await agent.post('/admin/login').type('form').send({ login: 'operator', password: 'correct horse battery' }).expect(403);
      expect(res.text).toContain('Форма устарела или отправлена с чужого сайта');
    });

    it('refuses a post with a valid token from a foreign Origin with 403', async () => {
      const agent = request.agent(app.getHttpServer());
      const csrf = csrfOf((await agent.get('/admin/login')).text);
      await agent.post('/admin/login').set('Origin', 'https://evil.example').type('form').send({ _csrf: csrf, login: 'operator', password: 'correct horse battery' }).expect(403);
    });

    it('refuses a token of another session', async () => {
      const first = request.agent(app.getHttpServer());
      const other = request.agent(app.getHttpServer());
      const csrf = csrfOf((await first.get('/admin/login')).text);
      await other.get('/admin/login');
      await other.post('/admin/login').type('form').send({ _csrf: csrf, login: 'operator', password: 'correct horse battery' }).expect(403);
    });
  });

  describe('staff dashboard', () => {
    it('redirects a page request without a staff session to the staff login, and shows no queue data to the API', async () => {
      const page = await request(app.getHttpServer()).get('/admin/queues').set('Accept', 'text/html').expect(303);
      expect(page.headers.location).toBe('/admin/login?next=%2Fadmin%2Fqueues');
      const api = await request(app.getHttpServer()).get('/admin/queues/api/queues').expect(401);
      expect(api.text).not.toContain('backoffice');
    });

    it('refuses a wrong password with the same message as an unknown login', async () => {
      const agent = request.agent(app.getHttpServer());
      const csrf = csrfOf((await agent.get('/admin/login')).text);
      const wrong = await agent.post('/admin/login').type('form').send({ _csrf: csrf, login: 'operator', password: 'wrong password!' }).expect(401);
      const unknown = await agent.post('/admin/login').type('form').send({ _csrf: csrf, login: 'nobody', password: 'wrong password!' }).expect(401);
      expect(wrong.text).toContain('Неверный логин или пароль.');
      expect(unknown.text).toContain('Неверный логин или пароль.');
    });

    it('refuses an empty password, and a login and password in the query string, with the form again', async () => {
      const agent = request.agent(app.getHttpServer());
      const csrf = csrfOf((await agent.get('/admin/login')).text);
      const empty = await agent.post('/admin/login').type('form').send({ _csrf: csrf, login: 'operator', password: '' }).expect(401);
      expect(empty.text).toContain('Неверный логин или пароль.');
      expect(empty.text).toContain('value="operator"');
      const query = await agent.post('/admin/login?login=operator&password=correct%20horse%20battery').type('form').send({ _csrf: csrf }).expect(401);
      expect(query.text).toContain('Неверный логин или пароль.');
    });

    it('shows every queue after the staff login, with a new session id', async () => {
      const agent = request.agent(app.getHttpServer());
      const loginPage = await agent.get('/admin/login');
      const before = String(loginPage.headers['set-cookie']).match(/vk\.sid=([^;]+)/)?.[1];
      const res = await agent.post('/admin/login').type('form').send({ _csrf: csrfOf(loginPage.text), login: 'operator', password: 'correct horse battery', next: '/admin/queues' }).expect(303);
      const after = String(res.headers['set-cookie']).match(/vk\.sid=([^;]+)/)?.[1];
      expect(after).toBeDefined();
      expect(after).not.toEqual(before);
      await agent.get('/admin/queues').set('Accept', 'text/html').expect(200);
      const queues = await agent.get('/admin/queues/api/queues').expect(200);
      const names = (queues.body.queues as Array<{ name: string }>).map((queue) => queue.name).sort();
      expect(names).toEqual(['backoffice-inbound', 'backoffice-outbound', 'email', 'maintenance', 'pdf', 'scheduled']);
    });
  });
});
