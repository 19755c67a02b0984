import { INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Job, Queue } from 'bullmq';
import { Client } from 'pg';
import request from 'supertest';
import { AppConfig } from '@app/config';
import { bullPrefix, ContractUpserted, QUEUES, redisOptionsFromUrl } from '@app/messaging';
import { Commands } from '@app/persistence';
import { DomainError } from '@app/shared-kernel';
import { RecordPayment, UpsertContract } from '@modules/billing';
import { RecordReadingOutcome, UpsertMeter } from '@modules/metering';
import { aContract } from '../../src/modules/billing/testing/contract.mother';
import { SubmitReadings, SubmitReadingsResult } from '../../src/modules/metering/application/commands/submit-readings/submit-readings.command';
import { ReadingRepository } from '../../src/modules/metering/domain/reading.repository';
import { csrfOf, registeredSubscriber } from '../helpers/identity-fixtures';
import { SmtpCapture } from '../helpers/smtp-capture';
import { eventually, startWeb, startWorker } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(promise: Promise<T>): Promise<Settled<T>> => promise.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
const codeOf = (outcome: Settled<unknown>) => (outcome.ok ? null : outcome.error instanceof DomainError ? outcome.error.code : String(outcome.error));

/**
 * Issue 16, «Verdicts», «Account ownership», «Replays»: what two transactions at the same moment must
 * not do to each other. Where a race is made deterministic, the test holds one transaction at the
 * point where the other must get in, and lets it go once the other has finished or is waiting for a
 * lock (pg_stat_activity), never after a sleep.
 */
describe('races between the back office and the subscriber (issue 16)', () => {
  let smtp: SmtpCapture;
  let config: AppConfig;
  let web: NestExpressApplication;
  let worker: INestApplicationContext;
  let db: Client;
  let commands: Commands;

  beforeAll(async () => {
    smtp = await new SmtpCapture().start();
    config = await testConfig({ SMTP_URL: smtp.url });
    web = await startWeb(config);
    // The worker sends the e-mails (registration) and applies the inbound events, in 8 lanes at once.
    process.env.BACKOFFICE_BATCHES_IN_FLIGHT = '8';
    worker = await startWorker(config);
    delete process.env.BACKOFFICE_BATCHES_IN_FLIGHT;
    commands = web.get(Commands);
    db = new Client({ connectionString: config.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await worker?.close();
    await web?.close();
    await db?.end();
    await smtp?.stop();
  });

  /** Statements of this test's database (their text containing `statement`) waiting for a lock someone else holds. */
  async function lockWaiters(statement: string): Promise<number> {
    const { rows } = await db.query(
      `select count(*)::int as count from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and position($1 in query) > 0`,
      [statement],
    );
    return rows[0].count as number;
  }

  const meter = (meterId: string, contractNumber: string) => ({
    meterId, contractNumber, accountNumber: `${contractNumber}-1`, water: 'cold' as const, factoryNumber: `F-${meterId}`, verificationDate: '2099-01-01', state: 'installed' as const,
  });
  const submit = (contractNumber: string, key: string, readings: Array<{ meterId: string; value: string }>) =>
    commands.execute<SubmitReadingsResult>(new SubmitReadings({ contractNumber, source: 'api', idempotencyKey: key, readings, confirmSingleMeter: true }));
  const readingOf = async (meterId: string) =>
    (await db.query('select value, submission_id, status from meter_reading where meter_id = $1', [meterId])).rows[0] as { value: string; submission_id: string; status: string };

  describe('a verdict and a correction of the same reading', () => {
    beforeAll(async () => {
      await commands.execute(new UpsertContract(aContract('legal', { contractNumber: 'VR1' })));
      for (let i = 0; i < 21; i += 1) await commands.execute(new UpsertMeter(meter(`vr-${i}`, 'VR1')));
    });

    it("never stamps the old submission's verdict on the corrected value, when the correction commits between the verdict's read and its write", async () => {
      const first = await submit('VR1', 'verdict-race-1', [{ meterId: 'vr-0', value: '10.000' }]);
      // The verdict stops right after it has read the reading (and, with the fix, locked its meter).
      const readings = web.get(ReadingRepository, { strict: false });
      const original = readings.lockOfSubmission.bind(readings);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let loaded!: () => void;
      const hasLoaded = new Promise<void>((resolve) => (loaded = resolve));
      const spy = jest.spyOn(readings, 'lockOfSubmission').mockImplementation(async (...args) => {
        const reading = await original(...args);
        loaded();
        await gate;
        return reading;
      });
      try {
        const verdict = settle(commands.execute(new RecordReadingOutcome({ submissionId: first.submissionId, meterId: 'vr-0', status: 'accepted' })));
        await hasLoaded;
        let correctionDone = false;
        const correction = settle(submit('VR1', 'verdict-race-2', [{ meterId: 'vr-0', value: '11.000' }])).then((outcome) => ((correctionDone = true), outcome));
        // Without the lock the correction commits now; with it, it waits for the verdict's meter lock.
        await eventually(async () => correctionDone || (await lockWaiters('from meter where contract_number')) > 0, 15_000, 'the correction to commit or to wait for the meter');
        release();
        const [verdictOutcome, correctionOutcome] = await Promise.all([verdict, correction]);
        const row = await readingOf('vr-0');
        if (correctionOutcome.ok) {
          // The correction came first: its value is pending, the verdict on the first submission is void.
          expect(row).toEqual({ value: '11.000', submission_id: correctionOutcome.value.submissionId, status: 'pending' });
          expect(verdictOutcome).toEqual({ ok: true, value: 'superseded' });
        } else {
          // The verdict came first: the accepted reading can no longer be corrected.
          expect(codeOf(correctionOutcome)).toBe('METERING.SUBMISSION_REFUSED');
          expect(row).toEqual({ value: '10.000', submission_id: first.submissionId, status: 'accepted' });
          expect(verdictOutcome).toEqual({ ok: true, value: 'recorded' });
        }
      } finally {
        spy.mockRestore();
        release();
      }
    });

    it('keeps each reading consistent when verdicts and corrections race freely, 20 times', async () => {
      for (let i = 1; i <= 20; i += 1) {
        const meterId = `vr-${i}`;
        const first = await submit('VR1', `free-race-${i}-a`, [{ meterId, value: '20.000' }]);
        const [verdict, correction] = await Promise.all([
          settle(commands.execute(new RecordReadingOutcome({ submissionId: first.submissionId, meterId, status: i % 2 ? 'accepted' : 'rejected', reason: 'Фото не читается' }))),
          settle(submit('VR1', `free-race-${i}-b`, [{ meterId, value: '21.000' }])),
        ]);
        expect(verdict.ok).toBe(true);
        const row = await readingOf(meterId);
        if (correction.ok) {
          // Either the correction came first (the verdict superseded) or it corrected a rejected reading.
          expect(row).toEqual({ value: '21.000', submission_id: correction.value.submissionId, status: 'pending' });
        } else {
          expect(codeOf(correction)).toBe('METERING.SUBMISSION_REFUSED');
          expect(row).toEqual({ value: '20.000', submission_id: first.submissionId, status: 'accepted' });
        }
      }
    });
  });

  describe('two contracts claiming the same new personal account', () => {
    const claim = (contractNumber: string, accountNumber: string): ContractUpserted => ({
      ...aContract('legal', { contractNumber }),
      accounts: [{ accountNumber, recipient: 'Объект', tariffGroup: '3' }],
    });
    const ownerOf = async (accountNumber: string) => (await db.query('select contract_number from personal_account where account_number = $1', [accountNumber])).rows.map((row) => row.contract_number as string);
    const contractExists = async (contractNumber: string) => (await db.query('select 1 from contract where contract_number = $1', [contractNumber])).rowCount === 1;

    async function expectOneOwner(a: string, b: string, account: string, outcomes: Array<Settled<unknown>>): Promise<void> {
      const winners = [a, b].filter((_, i) => outcomes[i].ok);
      expect(winners).toHaveLength(1);
      const loser = winners[0] === a ? b : a;
      const lost = outcomes[winners[0] === a ? 1 : 0];
      expect(codeOf(lost)).toBe('BILLING.ACCOUNT_OF_ANOTHER_CONTRACT');
      expect(!lost.ok && lost.error instanceof DomainError && lost.error.details).toMatchObject({ accountNumber: account, owner: winners[0], field: 'accounts[0].accountNumber' });
      expect(await ownerOf(account)).toEqual(winners);
      expect(await contractExists(loser)).toBe(false);
    }

    it('gives it to one; the other fails with BILLING.ACCOUNT_OF_ANOTHER_CONTRACT, even when both passed the check (10 rounds held at the insert)', async () => {
      for (let round = 0; round < 10; round += 1) {
        const [a, b, account] = [`OWA${round}`, `OWB${round}`, `OW-SHARED-${round}`];
        // A third transaction holds the account's key: both commands check "nobody has it", then wait at its insert.
        const blocker = new Client({ connectionString: config.databaseUrl });
        await blocker.connect();
        try {
          await blocker.query('begin');
          await blocker.query(`insert into personal_account (account_number, contract_number, recipient, tariff_group, position) values ($1, 'NOBODY', 'x', '1', 0)`, [account]);
          const outcomes = Promise.all([settle(commands.execute(new UpsertContract(claim(a, account)))), settle(commands.execute(new UpsertContract(claim(b, account))))]);
          await eventually(async () => (await lockWaiters('insert into personal_account')) >= 2, 15_000, 'both contracts to wait at the account');
          await blocker.query('rollback');
          await expectOneOwner(a, b, account, await outcomes);
        } finally {
          await blocker.end();
        }
      }
    });

    it('gives it to one when the events are applied at the same time by the inbound processor, 15 rounds', async () => {
      const producer = new Queue(QUEUES.BACKOFFICE_INBOUND, { connection: redisOptionsFromUrl(config.redisUrl), prefix: bullPrefix(config.redisPrefix) });
      try {
        for (let round = 0; round < 15; round += 1) {
          const [a, b, account] = [`EVA${round}`, `EVB${round}`, `EV-SHARED-${round}`];
          const jobs = await producer.addBulk([a, b].map((contractNumber) => ({ name: 'contract.upserted', data: claim(contractNumber, account), opts: { jobId: `own-${contractNumber}` } })));
          await eventually(async () => (await Promise.all(jobs.map((job) => job.getState()))).every((state) => state === 'completed' || state === 'failed'), 15_000, 'both events to settle');
          const settled = await Promise.all(jobs.map(async (job) => (await Job.fromId(producer, job.id!))!));
          const failed = settled.filter((job) => job.failedReason);
          expect(failed).toHaveLength(1);
          const winner = settled.find((job) => !job.failedReason)!.data.contractNumber as string;
          expect(failed[0].failedReason).toBe(`contract.upserted refused: accounts[0].accountNumber: personal account ${account} belongs to contract ${winner} (BILLING.ACCOUNT_OF_ANOTHER_CONTRACT)`);
          expect(await ownerOf(account)).toEqual([winner]);
          expect(await contractExists(winner === a ? b : a)).toBe(false);
        }
      } finally {
        await producer.close();
      }
    });
  });

  describe('two contracts recording a payment under the same new id', () => {
    it('gives it to one; the other fails with BILLING.PAYMENT_OF_ANOTHER_CONTRACT, never correcting its amount (10 rounds held at the insert)', async () => {
      for (const contractNumber of ['PYA', 'PYB']) await commands.execute(new UpsertContract(aContract('legal', { contractNumber })));
      for (let round = 0; round < 10; round += 1) {
        const paymentId = `PY-SHARED-${round}`;
        const blocker = new Client({ connectionString: config.databaseUrl });
        await blocker.connect();
        try {
          await blocker.query('begin');
          await blocker.query(`insert into payment (payment_id, contract_number, date, amount) values ($1, 'NOBODY', '2026-10-01', 1)`, [paymentId]);
          const outcomes = Promise.all(
            (['PYA', 'PYB'] as const).map((contractNumber, i) => settle(commands.execute(new RecordPayment({ paymentId, contractNumber, date: '2026-10-05', amount: `${100 + i}.00` })))),
          );
          await eventually(async () => (await lockWaiters('insert into payment')) >= 2, 15_000, 'both payments to wait at the insert');
          await blocker.query('rollback');
          const [a, b] = await outcomes;
          expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
          const [winner, amount] = a.ok ? ['PYA', '100.00'] : ['PYB', '101.00'];
          expect(codeOf(a.ok ? b : a)).toBe('BILLING.PAYMENT_OF_ANOTHER_CONTRACT');
          expect((await db.query('select contract_number, amount from payment where payment_id = $1', [paymentId])).rows).toEqual([{ contract_number: winner, amount }]);
        } finally {
          await blocker.end();
        }
      }
    });
  });

  describe('a replayed submission (same Idempotency-Key)', () => {
    const PASSWORD = 'Replay-password-2026';

    it("answers the readings' statuses now: the verdicts once they came, superseded once corrected (REST API)", async () => {
      const contract = aContract('individual', { contractNumber: '04007711' });
      const login = await registeredSubscriber(web, smtp, config.publicUrl.origin, contract, 'replay@example.kz', PASSWORD);
      await commands.execute(new UpsertMeter({ ...meter('rp-cold', contract.contractNumber), accountNumber: contract.contractNumber }));
      await commands.execute(new UpsertMeter({ ...meter('rp-hot', contract.contractNumber), accountNumber: contract.contractNumber, water: 'hot' }));
      const api = () => request(web.getHttpServer());
      const token = (await api().post('/api/v1/auth/token').send({ login, password: PASSWORD }).expect(201)).body.accessToken as string;
      const body = { readings: [{ meterId: 'rp-cold', value: '30' }, { meterId: 'rp-hot', value: '7' }] };
      const post = (key: string, payload = body) => api().post('/api/v1/readings').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', key).send(payload).expect(201);
      const statuses = (answer: request.Response) => (answer.body.readings as Array<{ meterId: string; status: string }>).map((row) => [row.meterId, row.status]);

      const first = await post('replay-key-0001');
      expect(statuses(first)).toEqual([['rp-cold', 'pending'], ['rp-hot', 'pending']]);
      expect(statuses(await post('replay-key-0001'))).toEqual([['rp-cold', 'pending'], ['rp-hot', 'pending']]);

      const { submissionId } = first.body as { submissionId: string };
      await commands.execute(new RecordReadingOutcome({ submissionId, meterId: 'rp-cold', status: 'accepted' }));
      await commands.execute(new RecordReadingOutcome({ submissionId, meterId: 'rp-hot', status: 'rejected', reason: 'Фото не читается' }));
      const replay = await post('replay-key-0001');
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toMatchObject({ submissionId, replayed: true });
      expect(statuses(replay)).toEqual([['rp-cold', 'accepted'], ['rp-hot', 'rejected']]);

      // The rejected reading corrected by another submission: the first one's reading is superseded.
      await post('replay-key-0002', { readings: [{ meterId: 'rp-hot', value: '8' }], confirmSingleMeter: true } as never);
      expect(statuses(await post('replay-key-0001'))).toEqual([['rp-cold', 'accepted'], ['rp-hot', 'superseded']]);
    });

    it('shows the verdict, not «в обработке», when the readings form is sent again after it (pages)', async () => {
      const contract = aContract('individual', { contractNumber: '04007722' });
      const login = await registeredSubscriber(web, smtp, config.publicUrl.origin, contract, 'replay-page@example.kz', PASSWORD);
      await commands.execute(new UpsertMeter({ ...meter('pg-cold', contract.contractNumber), accountNumber: contract.contractNumber }));
      const agent = request.agent(web.getHttpServer());
      const loginPage = await agent.get('/login').expect(200);
      await agent.post('/login').type('form').send({ _csrf: csrfOf(loginPage.text), login, password: PASSWORD }).expect(303);
      const form = await agent.get('/cabinet/readings').expect(200);
      const idempotencyKey = /name="idempotencyKey" value="([^"]+)"/.exec(form.text)![1];
      const send = () => agent.post('/cabinet/readings').type('form').send({ _csrf: csrfOf(form.text), idempotencyKey, meterId: 'pg-cold', value: '40' }).expect(303);

      await send();
      expect((await agent.get('/cabinet/readings').expect(200)).text).toContain('Ваши показания в обработке!');
      const { submission_id: submissionId } = await readingOf('pg-cold');
      await commands.execute(new RecordReadingOutcome({ submissionId, meterId: 'pg-cold', status: 'rejected', reason: 'Фото не читается' }));
      // The same form again (a double click, a reload after a lost answer): nothing changes, the verdict shows.
      await send();
      const page = (await agent.get('/cabinet/readings').expect(200)).text;
      expect(page).toContain('Отклонено: Фото не читается');
      expect(page).not.toContain('Ваши показания в обработке!');
      expect(await readingOf('pg-cold')).toEqual({ value: '40.000', submission_id: submissionId, status: 'rejected' });
    });
  });
});
