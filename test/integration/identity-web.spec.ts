import { NestExpressApplication } from '@nestjs/platform-express';
import type { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { EntityManager } from '@mikro-orm/postgresql';
import { AppConfig } from '@app/config';
import { aContract } from '../../src/modules/billing/testing/contract.mother';
import { csrfOf, linkIn, mailTo, seedContract, sessionIdOf } from '../helpers/identity-fixtures';
import { SmtpCapture } from '../helpers/smtp-capture';
import { startWeb, startWorker } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';

const PASSWORD = 'Тихий-вечер-над-Иртышом';

describe('identity through the pages and the API', () => {
  let smtp: SmtpCapture;
  let config: AppConfig;
  let app: NestExpressApplication;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    smtp = await new SmtpCapture().start();
    config = await testConfig({ SMTP_URL: smtp.url });
    app = await startWeb(config);
    worker = await startWorker(config);
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await smtp?.stop();
  });

  const http = () => request(app.getHttpServer());

  async function registerByForm(type: 'legal' | 'individual', fields: Record<string, string>) {
    const agent = request.agent(app.getHttpServer());
    const page = await agent.get(`/register?type=${type}`).expect(200);
    const res = await agent.post('/register').type('form').send({ _csrf: csrfOf(page.text), subscriberType: type, ...fields });
    return { agent, res };
  }

  /** A confirmed account through the API, ready to log in. */
  async function confirmedAccount(type: 'legal' | 'individual') {
    const contract = await seedContract(app, aContract(type));
    const email = `${type}-${contract.contractNumber}@example.kz`;
    await http()
      .post('/api/v1/registrations')
      .send({ subscriberType: type, name: contract.name, email, password: PASSWORD, passwordConfirmation: PASSWORD, iinBin: contract.iinBin, [type === 'legal' ? 'contractNumber' : 'accountNumber']: contract.contractNumber, invoiceByEmail: true })
      .expect(201);
    const mail = await mailTo(smtp, email, 'Подтверждение регистрации');
    const token = new URL(linkIn(mail, '/register/confirm')).searchParams.get('token');
    const confirmed = await http().post('/api/v1/registrations/confirm').send({ token }).expect(200);
    return { contract, email, login: confirmed.body.login as string };
  }

  async function formLogin(login: string, password: string, rememberMe = false) {
    const agent = request.agent(app.getHttpServer());
    const page = await agent.get('/login').expect(200);
    const res = await agent.post('/login').type('form').send({ _csrf: csrfOf(page.text), login, password, ...(rememberMe ? { rememberMe: '1' } : {}) });
    return { agent, res, before: sessionIdOf(page.headers['set-cookie']) };
  }

  describe('registration', () => {
    it('shows each bad field its own Russian message beside it, keeps the typed values and never the password', async () => {
      const { res } = await registerByForm('legal', {
        name: 'ТОО «Ромашка»',
        email: 'not-an-email',
        password: 'short',
        passwordConfirmation: 'other',
        iinBin: '123456789012',
        contractNumber: '99999',
      });
      expect(res.status).toBe(422);
      expect(res.text).toContain('Укажите email в виде name@example.kz.');
      expect(res.text).toContain('Пароль должен содержать не менее 10 символов.');
      expect(res.text).toContain('Пароли не совпадают.');
      expect(res.text).toContain('ИИН / БИН — это 12 цифр с верной контрольной цифрой.');
      // The contract is looked up (and the attempt counted) only with a well-formed IIN/BIN.
      expect(res.text).not.toContain('Договор с таким номером');
      expect(res.text).toContain('value="ТОО «Ромашка»"');
      expect(res.text).toContain('value="not-an-email"');
      expect(res.text).toContain('value="vk99999"');
      expect(res.text).not.toContain('value="short"');
    });

    it('refuses a contract whose IIN/BIN differs (as if it did not exist), a common password, and a second cabinet for one contract', async () => {
      const contract = await seedContract(app, aContract('legal'));
      const other = aContract('legal');
      const mismatch = await registerByForm('legal', { name: 'ТОО', email: 'a@example.kz', password: 'qwerty123456', passwordConfirmation: 'qwerty123456', iinBin: other.iinBin, contractNumber: contract.contractNumber });
      expect(mismatch.res.text).toContain('Договор с таким номером и ИИН / БИН не найден.');
      expect(mismatch.res.text).toContain('его легко подобрать');

      await registerByForm('legal', { name: 'ТОО', email: 'first@example.kz', password: PASSWORD, passwordConfirmation: PASSWORD, iinBin: contract.iinBin, contractNumber: contract.contractNumber }).then(({ res }) => expect(res.status).toBe(303));
      const second = await registerByForm('legal', { name: 'ТОО', email: 'second@example.kz', password: PASSWORD, passwordConfirmation: PASSWORD, iinBin: contract.iinBin, contractNumber: contract.contractNumber });
      expect(second.res.status).toBe(422);
      expect(second.res.text).toContain('личный кабинет уже зарегистрирован');
    });

    it('answers the API with problem+json naming each field', async () => {
      const res = await http().post('/api/v1/registrations').send({ subscriberType: 'individual', name: '', email: 'x@example.kz', password: PASSWORD, passwordConfirmation: PASSWORD, iinBin: '850312300459', accountNumber: '00000001' }).expect(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const fields = (res.body.errors as Array<{ field: string; code: string }>).map((e) => `${e.field}:${e.code}`).sort();
      expect(fields).toEqual(['accountNumber:IDENTITY.ACCOUNT_NOT_FOUND', 'name:IDENTITY.FIELD_REQUIRED']);
    });

    it('refuses trivial passwords with the reason in Russian, and the login itself, and takes a passphrase', async () => {
      const contract = await seedContract(app, aContract('legal'));
      const send = (password: string) =>
        http()
          .post('/api/v1/registrations')
          .send({ subscriberType: 'legal', name: contract.name, email: `weak-${contract.contractNumber}@example.kz`, password, passwordConfirmation: password, iinBin: contract.iinBin, contractNumber: contract.contractNumber });
      for (const password of ['          ', 'zzzzzzzzzz', '1111111112', '..........', `vk${contract.contractNumber}`, `vk${contract.contractNumber}vk`]) {
        const res = await send(password).expect(422);
        const error = (res.body.errors as Array<{ field: string; code: string; detail: string }>).find((e) => e.field === 'password');
        expect(error?.code).toMatch(/^IDENTITY\.PASSWORD_/);
        expect(error?.detail).toMatch(/[А-Яа-яЁё]/);
        // No English of the estimator (the manual itself writes «email»).
        expect(error?.detail.replace(/email/g, '')).not.toMatch(/[A-Za-z]{4,}/);
      }
      const repeated = await send('zzzzzzzzzz');
      expect(repeated.body.errors[0].detail).toBe('Пароль состоит из повторяющихся символов, его легко подобрать. Придумайте другой.');
      await send('Тихий-вечер-над-Иртышом').expect(201);
    });

    it('computes the login on the server', async () => {
      await http().get('/api/v1/registrations/login-preview?type=legal&number=123').expect(200, { login: 'vk123' });
      await http().get('/api/v1/registrations/login-preview?type=individual&number=04008220').expect(200, { login: '04008220' });
    });

    it('keeps an unconfirmed account out with a reason and a resend, and confirms with a single-use link', async () => {
      const contract = await seedContract(app, aContract('individual'));
      const email = `ind-${contract.contractNumber}@example.kz`;
      const { res } = await registerByForm('individual', { name: 'Петров П. П.', email, password: PASSWORD, passwordConfirmation: PASSWORD, iinBin: contract.iinBin, accountNumber: contract.contractNumber, invoiceByEmail: '1' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/register/sent');

      const refused = await formLogin(contract.contractNumber, PASSWORD);
      expect(refused.res.status).toBe(403);
      expect(refused.res.text).toContain('регистрация ещё не подтверждена');
      expect(refused.res.text).toContain('Отправить письмо для подтверждения ещё раз');

      const first = await mailTo(smtp, email, 'Подтверждение регистрации');
      await refused.agent.post('/register/resend').type('form').send({ _csrf: csrfOf(refused.res.text), login: contract.contractNumber }).expect(303);
      const second = await mailTo(smtp, email, 'Подтверждение регистрации', 1);
      // The resend voids the first link.
      const oldLink = new URL(linkIn(first, '/register/confirm'));
      const agent = request.agent(app.getHttpServer());
      await agent.get(`${oldLink.pathname}${oldLink.search}`).expect(303);
      expect((await agent.get('/login')).text).toContain('Ссылка недействительна или уже использована.');

      const link = new URL(linkIn(second, '/register/confirm'));
      await agent.get(`${link.pathname}${link.search}`).expect(303);
      expect((await agent.get('/login')).text).toContain('Ваша регистрация подтверждена.');
      await agent.get(`${link.pathname}${link.search}`).expect(303);
      expect((await agent.get('/login')).text).toContain('Ссылка недействительна или уже использована.');

      const outbound = await app.get(EntityManager).fork().getConnection().execute(`select payload from outbox_message where event_name = 'subscriber.registered' and payload->>'login' = ?`, [contract.contractNumber]);
      expect(outbound[0].payload).toMatchObject({ subscriberType: 'individual', contractNumber: contract.contractNumber, accountNumber: contract.contractNumber, email, invoiceByEmail: true });
      expect(JSON.stringify(outbound[0].payload)).not.toContain(PASSWORD);
    });
  });

  describe('login', () => {
    it('issues a new session id at login, a 30-day cookie only with «Запомнить меня», and «Выйти» ends the server session', async () => {
      const { login } = await confirmedAccount('legal');
      const plain = await formLogin(login, PASSWORD);
      expect(plain.res.status).toBe(303);
      const after = sessionIdOf(plain.res.headers['set-cookie']);
      expect(after).toBeDefined();
      expect(after).not.toEqual(plain.before);
      expect(String(plain.res.headers['set-cookie'])).not.toMatch(/Expires=/);
      await plain.agent.get('/cabinet').expect(200);

      const remembered = await formLogin(login, PASSWORD, true);
      const cookie = String(remembered.res.headers['set-cookie']);
      const expires = new Date(/Expires=([^;]+)/.exec(cookie)?.[1] ?? 0).getTime();
      expect(expires - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);

      const cabinet = await remembered.agent.get('/cabinet').expect(200);
      await remembered.agent.post('/logout').type('form').send({ _csrf: csrfOf(cabinet.text) }).expect(303);
      // The old cookie no longer opens the cabinet, even when replayed.
      await http().get('/cabinet').set('Cookie', `vk.sid=${sessionIdOf(remembered.res.headers['set-cookie'])}`).expect(303);
    });

    it('gives the same message for a wrong login and a wrong password', async () => {
      const { login } = await confirmedAccount('individual');
      const wrongPassword = await formLogin(login, 'not-the-password-1');
      const wrongLogin = await formLogin('no-such-login', PASSWORD);
      expect(wrongPassword.res.status).toBe(401);
      expect(wrongLogin.res.status).toBe(401);
      expect(wrongPassword.res.text).toContain('Неверный логин или пароль.');
      expect(wrongLogin.res.text).toContain('Неверный логин или пароль.');
    });

    it('throttles repeated failures of one login from the 5th on, with 429 and a Russian message', async () => {
      const { login } = await confirmedAccount('legal');
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const res = await http().post('/api/v1/auth/token').send({ login, password: `wrong-password-${i}` });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 429]);
      const locked = await http().post('/api/v1/auth/token').send({ login, password: PASSWORD }).expect(429);
      expect(locked.body.code).toBe('IDENTITY.TOO_MANY_ATTEMPTS');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      expect(locked.body.title).toContain('Слишком много неудачных попыток входа');
      const page = await formLogin(login, PASSWORD);
      expect(page.res.status).toBe(429);
      expect(page.res.headers['retry-after']).toBeDefined();
      expect(page.res.text).toContain('Слишком много неудачных попыток входа');
    });

    it('refuses a form post without the CSRF token', async () => {
      const agent = request.agent(app.getHttpServer());
      await agent.get('/login').expect(200);
      const res = await agent.post('/login').type('form').send({ login: 'vk1', password: PASSWORD }).expect(403);
      expect(res.text).toContain('Форма устарела или отправлена с чужого сайта');
      const cabinet = await agent.post('/cabinet/password').type('form').send({ currentPassword: 'x' });
      expect(cabinet.status).toBe(403);
    });

    it('gives a bearer token that opens /api/v1/me, and a 401 problem without it', async () => {
      const { login, contract, email } = await confirmedAccount('legal');
      const token = await http().post('/api/v1/auth/token').send({ login, password: PASSWORD }).expect(201);
      const me = await http().get('/api/v1/me').set('Authorization', `Bearer ${token.body.accessToken}`).expect(200);
      expect(me.body).toMatchObject({ login, email, contractNumber: contract.contractNumber, iinBin: contract.iinBin, address: contract.address });
      expect(me.body.accounts).toHaveLength(2);
      await http().delete('/api/v1/auth/token').set('Authorization', `Bearer ${token.body.accessToken}`).expect(204);
      const refused = await http().get('/api/v1/me').set('Authorization', `Bearer ${token.body.accessToken}`).expect(401);
      expect(refused.headers['content-type']).toContain('application/problem+json');
    });
  });

  describe('who is signed in', () => {
    it('sends a page without a signed-in session to the login, which brings a GET back', async () => {
      const page = await http().get('/cabinet/readings?x=1').expect(303);
      expect(page.headers.location).toBe('/login?next=%2Fcabinet%2Freadings%3Fx%3D1');
      const agent = request.agent(app.getHttpServer());
      const form = await agent.get('/login?next=%2Fcabinet%2Fpassword').expect(200);
      expect(form.text).toContain('value="/cabinet/password"');
      const post = await agent.post('/cabinet/password').type('form').send({ _csrf: csrfOf(form.text), currentPassword: 'x' }).expect(303);
      expect(post.headers.location).toBe('/login');
    });

    it('answers the API 401 problem+json with a Bearer challenge without a token, with an unknown one, and with a token in the query string', async () => {
      const { login } = await confirmedAccount('individual');
      const token = (await http().post('/api/v1/auth/token').send({ login, password: PASSWORD }).expect(201)).body.accessToken as string;
      const none = await http().get('/api/v1/meters').expect(401);
      expect(none.headers['www-authenticate']).toBe('Bearer realm="vodokanal"');
      expect(none.headers['content-type']).toContain('application/problem+json');
      expect(none.body.code).toBe('REQUEST.BEARER_REQUIRED');
      expect(none.body.title).toBe('Нужен действующий токен доступа (POST /api/v1/auth/token).');
      const unknown = await http().get('/api/v1/me').set('Authorization', `Bearer ${'x'.repeat(43)}`).expect(401);
      expect(unknown.headers['www-authenticate']).toMatch(/^Bearer realm="vodokanal"/);
      await http().get(`/api/v1/me?access_token=${token}`).expect(401);
      await http().get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
    });

    it('answers an empty password like a wrong one, and a login that is not a string with 400', async () => {
      const { login } = await confirmedAccount('legal');
      const api = await http().post('/api/v1/auth/token').send({ login, password: '' }).expect(401);
      expect(api.body.code).toBe('IDENTITY.INVALID_CREDENTIALS');
      const page = await formLogin(login, '');
      expect(page.res.status).toBe(401);
      expect(page.res.text).toContain('Неверный логин или пароль.');
      expect(page.res.text).toContain(`value="${login}"`);
      await http().post('/api/v1/auth/token').send({ login: 42, password: PASSWORD }).expect(400);
      await http().post('/api/v1/auth/token').send({}).expect(400);
      await http().post(`/api/v1/auth/token?login=${login}&password=${encodeURIComponent(PASSWORD)}`).send({}).expect(400);
    });
  });

  describe('password recovery', () => {
    it('answers the same whether or not the account exists', async () => {
      const { login } = await confirmedAccount('legal');
      const ask = async (loginOrEmail: string) => {
        const agent = request.agent(app.getHttpServer());
        const page = await agent.get('/password/forgot');
        const res = await agent.post('/password/forgot').type('form').send({ _csrf: csrfOf(page.text), loginOrEmail });
        const shown = await agent.get(res.headers.location);
        return { status: res.status, location: res.headers.location, text: shown.text.replace(/name="_csrf" value="[^"]+"/, '') };
      };
      const known = await ask(login);
      const unknown = await ask('vk000000000');
      expect(known).toEqual(unknown);
      const api = [await http().post('/api/v1/password-recovery').send({ loginOrEmail: login }), await http().post('/api/v1/password-recovery').send({ loginOrEmail: 'nobody@example.kz' })];
      expect(api[0].status).toBe(202);
      expect(api[0].body).toEqual(api[1].body);
    });

    it('changes the password once with the check word, ends every session and token, and sends a notice', async () => {
      const { login, contract, email } = await confirmedAccount('individual');
      const web = await formLogin(login, PASSWORD);
      const api = await http().post('/api/v1/auth/token').send({ login, password: PASSWORD }).expect(201);
      await http().post('/api/v1/password-recovery').send({ loginOrEmail: email }).expect(202);
      const mail = await mailTo(smtp, email, 'Контрольная строка');
      expect(mail.text).toContain('Вы запросили ваши регистрационные данные.');
      expect(mail.text).toContain(`Login: ${login}`);
      expect(mail.text).toContain('Статус профиля: активен');
      expect(mail.html).toContain('Сообщение сгенерировано автоматически.');
      const link = new URL(linkIn(mail, '/password/reset'));
      const checkword = link.searchParams.get('checkword') ?? '';
      expect(Buffer.from(checkword, 'base64url').length).toBeGreaterThanOrEqual(16);

      const agent = request.agent(app.getHttpServer());
      const form = await agent.get(`${link.pathname}${link.search}`).expect(200);
      expect(form.text).toContain(`value="${checkword}"`);
      const NEW = 'Новый-пароль-для-восстановления';
      const wrongData = await agent.post('/password/reset').type('form').send({ _csrf: csrfOf(form.text), iinBin: '850312300459', contractOrAccount: contract.contractNumber, login, checkword, password: NEW, passwordConfirmation: NEW });
      expect(wrongData.status).toBe(422);
      expect(wrongData.text).toContain('Данные не совпадают с регистрационными данными.');
      const done = await agent.post('/password/reset').type('form').send({ _csrf: csrfOf(form.text), iinBin: contract.iinBin, contractOrAccount: contract.contractNumber, login, checkword, password: NEW, passwordConfirmation: NEW });
      expect(done.status).toBe(303);

      await web.agent.get('/cabinet').expect(303);
      await http().get('/api/v1/me').set('Authorization', `Bearer ${api.body.accessToken}`).expect(401);
      const again = await http().post('/api/v1/password-recovery/reset').send({ iinBin: contract.iinBin, contractOrAccount: contract.contractNumber, login, checkword, password: `${NEW}-2`, passwordConfirmation: `${NEW}-2` }).expect(422);
      expect(again.body.code).toBe('IDENTITY.CHECKWORD_INVALID');
      await http().post('/api/v1/auth/token').send({ login, password: NEW }).expect(201);
      const notice = await mailTo(smtp, email, 'Пароль изменён');
      expect(notice.text).toContain('Все остальные сеансы вашей учётной записи завершены.');
    });

    it('voids an older check word when a newer one is requested', async () => {
      const { login, contract, email } = await confirmedAccount('legal');
      // The second request once the first e-mail is there: two e-mails sent together may arrive in either
      // order (the worker sends several at once, and so may the mail servers on the way).
      await http().post('/api/v1/password-recovery').send({ loginOrEmail: login }).expect(202);
      const older = new URL(linkIn(await mailTo(smtp, email, 'Контрольная строка', 0), '/password/reset')).searchParams.get('checkword');
      await http().post('/api/v1/password-recovery').send({ loginOrEmail: login }).expect(202);
      const newer = new URL(linkIn(await mailTo(smtp, email, 'Контрольная строка', 1), '/password/reset')).searchParams.get('checkword');
      const body = { iinBin: contract.iinBin, contractOrAccount: contract.contractNumber, login, password: 'Совсем-новый-пароль-1', passwordConfirmation: 'Совсем-новый-пароль-1' };
      await http().post('/api/v1/password-recovery/reset').send({ ...body, checkword: older }).expect(422);
      await http().post('/api/v1/password-recovery/reset').send({ ...body, checkword: newer }).expect(204);
    });
  });

  describe('in the cabinet', () => {
    it('changes the password only with the current one, and ends the other sessions', async () => {
      const { login } = await confirmedAccount('legal');
      const mine = await formLogin(login, PASSWORD);
      const other = await formLogin(login, PASSWORD);
      const page = await mine.agent.get('/cabinet/password').expect(200);
      expect(page.text).toContain('Текущий пароль');
      const wrong = await mine.agent.post('/cabinet/password').type('form').send({ _csrf: csrfOf(page.text), currentPassword: 'wrong-current-1', newPassword: 'Другой-пароль-123', newPasswordConfirmation: 'Другой-пароль-123' });
      expect(wrong.status).toBe(422);
      expect(wrong.text).toContain('Текущий пароль указан неверно.');
      await mine.agent.post('/cabinet/password').type('form').send({ _csrf: csrfOf(page.text), currentPassword: PASSWORD, newPassword: 'Другой-пароль-123', newPasswordConfirmation: 'Другой-пароль-123' }).expect(303);
      await mine.agent.get('/cabinet/password').expect(200);
      await other.agent.get('/cabinet').expect(303);
    });

    it('changes the e-mail when the link to the new address is followed, tells the old address, and sends the events', async () => {
      const { login, email } = await confirmedAccount('individual');
      const token = (await http().post('/api/v1/auth/token').send({ login, password: PASSWORD }).expect(201)).body.accessToken as string;
      const auth = { Authorization: `Bearer ${token}` };
      const newEmail = `new-${login}@example.kz`;
      await http().put('/api/v1/me/email').set(auth).send({ email: newEmail }).expect(202, { pendingEmail: newEmail });
      expect((await http().get('/api/v1/me').set(auth)).body.email).toBe(email);
      const link = new URL(linkIn(await mailTo(smtp, newEmail, 'Подтверждение нового email'), '/cabinet/email/confirm'));
      await http().post('/api/v1/email-changes/confirm').set(auth).send({ token: link.searchParams.get('token') }).expect(200, { email: newEmail });
      expect((await http().get('/api/v1/me').set(auth)).body.email).toBe(newEmail);
      const notice = await mailTo(smtp, email, 'Email личного кабинета изменён');
      expect(notice.text).toContain(newEmail);

      await http().put('/api/v1/me/subscription').set(auth).send({ invoiceByEmail: false }).expect(200);
      const events: Array<{ event_name: string; payload: unknown }> = await app.get(EntityManager).fork().getConnection().execute(`select event_name, payload from outbox_message where payload->>'login' = ? order by created_at`, [login]);
      const byName = Object.fromEntries(events.map((e) => [e.event_name, e.payload]));
      expect(byName['subscriber.email-changed']).toMatchObject({ login, previousEmail: email, email: newEmail });
      expect(byName['subscription.changed']).toMatchObject({ login, invoiceByEmail: false, email: newEmail });
    });
  });
});
