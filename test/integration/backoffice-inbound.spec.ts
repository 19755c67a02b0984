import { INestApplicationContext } from '@nestjs/common';
import { Job, JobsOptions, Queue } from 'bullmq';
import { Client } from 'pg';
import { AppConfig } from '@app/config';
import { bullPrefix, ContractUpserted, QUEUES, redisOptionsFromUrl } from '@app/messaging';
import { Commands, UnitOfWork } from '@app/persistence';
import { ContractDirectory, PublishCharges } from '@modules/billing';
import { aContract } from '../../src/modules/billing/testing/contract.mother';
import { SubmitReadings } from '../../src/modules/metering/application/commands/submit-readings/submit-readings.command';
import { eventually, startWorker } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';

let sequence = 0;

/** A legal entity's contract under this number (accounts `<number>-1` and `<number>-2`). */
function contractEvent(contractNumber: string, overrides: Partial<ContractUpserted> = {}): ContractUpserted {
  return aContract('legal', { contractNumber, ...overrides });
}

function line(accountNumber: string, service: 'water' | 'sewerage', amount = '2856.79') {
  return { accountNumber, recipient: 'ТОО «Пример»', tariffGroup: '3', service, volume: '12.500', tariff: service === 'water' ? '197.02' : '204.5', vatRate: '16', amount };
}

describe('back-office inbound events (SPEC §4), real BullMQ producer against a running worker', () => {
  let config: AppConfig;
  let worker: INestApplicationContext;
  let producer: Queue;
  let db: Client;

  beforeAll(async () => {
    process.env.BACKOFFICE_RETRIES = '3';
    process.env.BACKOFFICE_RETRY_DELAY_MS = '100';
    config = await testConfig();
    worker = await startWorker(config);
    producer = new Queue(QUEUES.BACKOFFICE_INBOUND, { connection: redisOptionsFromUrl(config.redisUrl), prefix: bullPrefix(config.redisPrefix) });
    db = new Client({ connectionString: config.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await producer?.close();
    await db?.end();
    await worker?.close();
  });

  async function send(name: string, data: unknown, opts: JobsOptions = {}): Promise<Job> {
    sequence += 1;
    return producer.add(name, data, { jobId: `test-${sequence}`, ...opts });
  }

  async function settled(job: Job, timeoutMs = 15_000): Promise<Job> {
    await eventually(async () => ['completed', 'failed'].includes(await job.getState()), timeoutMs, `job ${job.id} (${job.name}) to settle`);
    return (await Job.fromId(producer, job.id!))!;
  }

  async function applied(name: string, data: unknown, opts: JobsOptions = {}): Promise<Job> {
    const job = await settled(await send(name, data, opts));
    if (job.failedReason) throw new Error(`${name} failed: ${job.failedReason}`);
    return job;
  }

  /** Every row the inbound events can touch, to prove that a refused event changed nothing. */
  async function everything(): Promise<unknown> {
    const tables = ['contract', 'personal_account', 'charge_line', 'payment', 'opening_balance', 'meter', 'inbound_event'];
    const result: Record<string, unknown> = {};
    for (const table of tables) result[table] = (await db.query(`select * from ${table} order by 1, 2`)).rows;
    return result;
  }

  /** The same, without the ledger of event ids (a duplicate under another id adds its id there). */
  async function content(): Promise<unknown> {
    const { inbound_event: _ledger, ...rest } = (await everything()) as Record<string, unknown>;
    return rest;
  }

  async function refused(name: string, data: unknown, opts: JobsOptions = {}): Promise<Job> {
    const before = await everything();
    const job = await settled(await send(name, data, opts));
    expect(await job.getState()).toBe('failed');
    expect(await everything()).toEqual(before);
    return job;
  }

  describe('contract.upserted', () => {
    it('stores the contract and its personal accounts, and the directory shows them', async () => {
      await applied('contract.upserted', contractEvent('C-1'));
      const view = await worker.get(ContractDirectory).findContract('C-1');
      expect(view).toEqual({ ...contractEvent('C-1'), subscriberType: 'legal' });
      expect((await worker.get(ContractDirectory).findContractOfAccount('C-1-2'))?.contractNumber).toBe('C-1');
      await applied('contract.upserted', contractEvent('C-1', { accounts: [{ accountNumber: 'C-1-1', recipient: 'Новый', tariffGroup: '4' }] }));
      expect((await worker.get(ContractDirectory).findContract('C-1'))?.accounts).toEqual([{ accountNumber: 'C-1-1', recipient: 'Новый', tariffGroup: '4' }]);
      expect(await worker.get(ContractDirectory).findContractOfAccount('C-1-2')).toBeNull();
    });

    it('fails an invalid one at once, without retries, naming the field, and changes nothing', async () => {
      const contract = contractEvent('C-2');
      const wrong = `${contract.iinBin.slice(0, 11)}${(Number(contract.iinBin[11]) + 1) % 10}`;
      const job = await refused('contract.upserted', { ...contract, iinBin: wrong, heatMeterInstalled: 'yes' }, { attempts: 5, backoff: { type: 'fixed', delay: 100 } });
      expect(job.failedReason).toMatch(/^invalid contract.upserted: iinBin: must be an IIN\/BIN: 12 digits with a valid check digit/);
      expect(job.failedReason).toContain('heatMeterInstalled: must be boolean, got "yes"');
      expect(job.attemptsMade).toBe(1);
    });

    it('applies the same event twice as once: by its event id, and by its content', async () => {
      const first = await applied('contract.upserted', contractEvent('C-3'), { jobId: 'evt-C-3' });
      expect(first.returnvalue).toEqual({ status: 'applied' });
      await first.remove();
      const before = await everything();
      const again = await applied('contract.upserted', contractEvent('C-3'), { jobId: 'evt-C-3' });
      expect(again.returnvalue).toEqual({ status: 'duplicate' });
      const unchanged = await content();
      await applied('contract.upserted', contractEvent('C-3'));
      expect(await content()).toEqual(unchanged);
      expect(await everything()).not.toEqual(before);
    });

    it("refuses a personal account of another contract with the account's field", async () => {
      await applied('contract.upserted', contractEvent('C-4'));
      const job = await refused('contract.upserted', contractEvent('C-5', { accounts: [{ accountNumber: 'C-4-1', recipient: 'x', tariffGroup: '3' }] }));
      expect(job.failedReason).toBe('contract.upserted refused: accounts[0].accountNumber: personal account C-4-1 belongs to contract C-4 (BILLING.ACCOUNT_OF_ANOTHER_CONTRACT)');
    });
  });

  describe('charges.published', () => {
    it("replaces the period's lines as a whole, keeping decimals exact", async () => {
      await applied('contract.upserted', contractEvent('CH-1'));
      await applied('charges.published', { contractNumber: 'CH-1', period: '2026-10', lines: [line('CH-1-1', 'water'), line('CH-1-1', 'sewerage', '2965.25'), line('CH-1-2', 'water', '0.01')] });
      await applied('charges.published', { contractNumber: 'CH-1', period: '2026-09', lines: [line('CH-1-1', 'water')] });
      await applied('charges.published', { contractNumber: 'CH-1', period: '2026-10', lines: [line('CH-1-1', 'sewerage', '2965.25')] });
      const { rows } = await db.query(`select period, account_number, service, volume, tariff, vat_rate, amount from charge_line where contract_number = 'CH-1' order by period, position`);
      expect(rows).toEqual([
        { period: '2026-09', account_number: 'CH-1-1', service: 'water', volume: '12.500', tariff: '197.0200', vat_rate: '16.00', amount: '2856.79' },
        { period: '2026-10', account_number: 'CH-1-1', service: 'sewerage', volume: '12.500', tariff: '204.5000', vat_rate: '16.00', amount: '2965.25' },
      ]);
    });

    it('fails an invalid one naming each bad line field, and changes nothing', async () => {
      const job = await refused('charges.published', { contractNumber: 'CH-1', period: '2026-10', lines: [{ ...line('CH-1-1', 'water'), volume: '1.2345' }, { ...line('CH-1-2', 'water'), amount: 12.5 }] });
      expect(job.failedReason).toMatch(/lines\[0\]\.volume: must be a signed decimal string with up to 9 integer and 3 fraction digits.*got "1.2345"/);
      expect(job.failedReason).toContain('lines[1].amount: must be string, got 12.5');
      const outside = await refused('charges.published', { contractNumber: 'CH-1', period: '2026-10', lines: [line('C-1-1', 'water')] });
      expect(outside.failedReason).toContain('lines[0].accountNumber: personal account C-1-1 is not an account of contract CH-1');
    });

    it('applies a duplicate once', async () => {
      const event = { contractNumber: 'CH-1', period: '2026-08', lines: [line('CH-1-2', 'water')] };
      await applied('charges.published', event, { jobId: 'evt-CH-1-2026-08' });
      const before = await everything();
      const duplicate = await settled(await producer.add('charges.published', event, { jobId: 'evt-CH-1-2026-08' }));
      expect(duplicate.returnvalue).toEqual({ status: 'applied' }); // BullMQ kept the job: the same job, not applied again
      await applied('charges.published', event);
      expect(((await everything()) as Record<string, unknown>).charge_line).toEqual((before as Record<string, unknown>).charge_line);
    });

    it("retries charges for a contract not known yet with the producer's backoff, and applies them once it arrives", async () => {
      const early = await send('charges.published', { contractNumber: 'CH-LATE', period: '2026-10', lines: [line('CH-LATE-1', 'water')] }, { attempts: 20, backoff: { type: 'fixed', delay: 150 } });
      await eventually(async () => (await Job.fromId(producer, early.id!))!.attemptsMade >= 1, 10_000, 'a first failed attempt');
      expect((await Job.fromId(producer, early.id!))!.failedReason).toMatch(/contract CH-LATE is not known/);
      await applied('contract.upserted', contractEvent('CH-LATE'));
      const done = await settled(early);
      expect(await done.getState()).toBe('completed');
      expect((await db.query(`select count(*)::int as n from charge_line where contract_number = 'CH-LATE'`)).rows[0].n).toBe(1);
    });

    it('fails with a clear reason when the contract never arrives', async () => {
      const job = await refused('charges.published', { contractNumber: 'CH-NEVER', period: '2026-10', lines: [] }, { attempts: 3, backoff: { type: 'fixed', delay: 50 } });
      expect(job.failedReason).toBe('charges.published not applied: contract CH-NEVER is not known (yet): its contract.upserted has not been applied; gave up after 3 attempts');
    });
  });

  describe('payment.recorded', () => {
    it('records a payment and corrects it under the same payment id', async () => {
      await applied('contract.upserted', contractEvent('P-1'));
      await applied('payment.recorded', { paymentId: 'PAY-1', contractNumber: 'P-1', date: '2026-10-05', amount: '15000.00', document: 'п/п 15' });
      await applied('payment.recorded', { paymentId: 'PAY-1', contractNumber: 'P-1', date: '2026-10-05', amount: '14999.99' });
      expect((await db.query(`select payment_id, date::text, amount, document from payment where contract_number = 'P-1'`)).rows).toEqual([
        { payment_id: 'PAY-1', date: '2026-10-05', amount: '14999.99', document: null },
      ]);
    });

    it('fails an impossible date naming the field', async () => {
      const job = await refused('payment.recorded', { paymentId: 'PAY-2', contractNumber: 'P-1', date: '2026-02-30', amount: '1' });
      expect(job.failedReason).toBe('invalid payment.recorded: date: must be a calendar date YYYY-MM-DD, got "2026-02-30"');
    });

    it('applies a duplicate once', async () => {
      const event = { paymentId: 'PAY-3', contractNumber: 'P-1', date: '2026-10-06', amount: '10.00' };
      await applied('payment.recorded', event, { jobId: 'evt-PAY-3' });
      const before = await content();
      await applied('payment.recorded', event);
      expect(await content()).toEqual(before);
    });

    it('retries without producer attempts (own delayed retries) until the contract arrives', async () => {
      const early = await send('payment.recorded', { paymentId: 'PAY-LATE', contractNumber: 'P-LATE', date: '2026-10-05', amount: '1.00' });
      await eventually(async () => (await Job.fromId(producer, early.id!))!.attemptsStarted >= 2, 10_000, 'a delayed retry');
      await applied('contract.upserted', contractEvent('P-LATE'));
      expect(await (await settled(early)).getState()).toBe('completed');
    });
  });

  describe('balance.opened', () => {
    it('opens and restates the balance', async () => {
      await applied('contract.upserted', contractEvent('B-1'));
      await applied('balance.opened', { contractNumber: 'B-1', date: '2026-01-01', amount: '1500.50' });
      await applied('balance.opened', { contractNumber: 'B-1', date: '2026-01-01', amount: '-20' });
      expect((await db.query(`select date::text, amount from opening_balance where contract_number = 'B-1'`)).rows).toEqual([{ date: '2026-01-01', amount: '-20.00' }]);
    });

    it('fails an amount sent as a number naming the field', async () => {
      const job = await refused('balance.opened', { contractNumber: 'B-1', date: '2026-01-01', amount: 1500.5 });
      expect(job.failedReason).toBe('invalid balance.opened: amount: must be string, got 1500.5');
    });

    it('applies a duplicate once', async () => {
      const event = { contractNumber: 'B-1', date: '2026-02-01', amount: '7.00' };
      await applied('balance.opened', event, { jobId: 'evt-B-1' });
      const before = await content();
      await applied('balance.opened', event);
      expect(await content()).toEqual(before);
    });

    it('gives up after its own retries when the producer set no attempts', async () => {
      const job = await refused('balance.opened', { contractNumber: 'B-NEVER', date: '2026-01-01', amount: '1' });
      expect(job.failedReason).toBe('balance.opened not applied: contract B-NEVER is not known (yet): its contract.upserted has not been applied; gave up after 4 attempts');
    });
  });

  describe('meter.upserted', () => {
    const meter = (overrides: Record<string, unknown> = {}) => ({
      meterId: 'M-1', contractNumber: 'MT-1', accountNumber: 'MT-1-1', water: 'cold', factoryNumber: '12223773', verificationDate: '2029-09-10', state: 'installed',
      lastReading: { value: '145.554', date: '2026-10-03', source: 'Сайт' }, ...overrides,
    });

    it('stores the meter of a known contract', async () => {
      await applied('contract.upserted', contractEvent('MT-1'));
      await applied('meter.upserted', meter());
      expect((await db.query(`select id, factory_number, state, last_reading_value from meter where id = 'M-1'`)).rows).toEqual([
        { id: 'M-1', factory_number: '12223773', state: 'installed', last_reading_value: '145.554' },
      ]);
    });

    it('fails an invalid one naming the field, and an account outside the contract', async () => {
      const job = await refused('meter.upserted', meter({ meterId: 'M-2', water: 'warm', lastReading: { value: '123456789.1', date: '2026-10-03', source: 'Сайт' } }));
      expect(job.failedReason).toContain('water: must be one of cold, hot, got "warm"');
      expect(job.failedReason).toContain('lastReading.value: must be a non-negative decimal string with up to 8 integer and 3 fraction digits');
      const outside = await refused('meter.upserted', meter({ meterId: 'M-3', accountNumber: 'C-1-1' }));
      expect(outside.failedReason).toBe('meter.upserted refused: accountNumber: personal account C-1-1 is not an account of contract MT-1 (BILLING.ACCOUNT_NOT_IN_CONTRACT)');
    });

    it('applies a duplicate once', async () => {
      await applied('meter.upserted', meter({ meterId: 'M-4', state: 'removed', factoryNumber: null }), { jobId: 'evt-M-4' });
      await (await Job.fromId(producer, 'evt-M-4'))!.remove();
      const before = await everything();
      expect((await applied('meter.upserted', meter({ meterId: 'M-4', state: 'removed', factoryNumber: null }), { jobId: 'evt-M-4' })).returnvalue).toEqual({ status: 'duplicate' });
      expect(await everything()).toEqual(before);
    });

    it('waits for a contract that arrives after its meter', async () => {
      const early = await send('meter.upserted', meter({ meterId: 'M-LATE', contractNumber: 'MT-LATE', accountNumber: 'MT-LATE-1' }), { attempts: 20, backoff: { type: 'fixed', delay: 150 } });
      await eventually(async () => (await Job.fromId(producer, early.id!))!.attemptsMade >= 1, 10_000, 'a first failed attempt');
      await applied('contract.upserted', contractEvent('MT-LATE'));
      expect(await (await settled(early)).getState()).toBe('completed');
    });
  });

  describe('reading.processed', () => {
    let submissionId: string;

    beforeAll(async () => {
      await applied('contract.upserted', contractEvent('RP-1'));
      await applied('meter.upserted', { meterId: 'RM-1', contractNumber: 'RP-1', accountNumber: 'RP-1-1', water: 'cold', factoryNumber: 'F-1', verificationDate: '2099-01-01', state: 'installed' });
      const result = await worker.get(Commands).execute<{ submissionId: string }>(
        new SubmitReadings({ contractNumber: 'RP-1', source: 'site', idempotencyKey: 'k-1', readings: [{ meterId: 'RM-1', value: '10.5' }], confirmSingleMeter: true }),
      );
      submissionId = result.submissionId;
    });

    it("records the back office's verdict, and the same verdict twice changes nothing", async () => {
      await applied('reading.processed', { submissionId, meterId: 'RM-1', status: 'rejected', reason: 'Показания не сходятся' }, { jobId: 'evt-RP-1' });
      const before = await db.query(`select * from meter_reading order by 1`);
      await applied('reading.processed', { submissionId, meterId: 'RM-1', status: 'rejected', reason: 'Показания не сходятся' });
      expect((await db.query(`select * from meter_reading order by 1`)).rows).toEqual(before.rows);
      expect(JSON.stringify(before.rows)).toContain('rejected');
    });

    it('fails a rejection without a reason naming the field', async () => {
      const job = await refused('reading.processed', { submissionId, meterId: 'RM-1', status: 'rejected' });
      expect(job.failedReason).toBe('invalid reading.processed: reason: is required');
    });

    it('records verdicts that arrive together in shared transactions, each seeing the ones before it as stored', async () => {
      await applied('contract.upserted', contractEvent('RP-2'));
      const meters = Array.from({ length: 6 }, (_, i) => `RP2-M-${i}`);
      for (const meterId of meters) {
        await applied('meter.upserted', { meterId, contractNumber: 'RP-2', accountNumber: 'RP-2-1', water: 'cold', factoryNumber: `F-${meterId}`, verificationDate: '2099-01-01', state: 'installed' });
      }
      const { submissionId: submitted } = await worker.get(Commands).execute<{ submissionId: string }>(
        new SubmitReadings({ contractNumber: 'RP-2', source: 'site', idempotencyKey: 'k-2', readings: meters.map((meterId) => ({ meterId, value: '3.5' })), confirmSingleMeter: false }),
      );
      const transactions = jest.spyOn(worker.get(UnitOfWork), 'run');
      await producer.pause();
      const jobs = await producer.addBulk(meters.map((meterId, i) => ({ name: 'reading.processed', data: { submissionId: submitted, meterId, status: 'accepted' }, opts: { jobId: `verdict-${i}` } })));
      await producer.resume();
      const outcomes = await Promise.all(jobs.map((job) => settled(job)));
      const transactionCount = transactions.mock.calls.length;
      transactions.mockRestore();

      expect(outcomes.map((job) => job.failedReason ?? job.returnvalue?.status)).toEqual(meters.map(() => 'applied'));
      // Fewer transactions than verdicts: batches of several, none of them failed and applied again one by one.
      expect(transactionCount).toBeLessThan(meters.length);
      const { rows } = await db.query(`select meter_id, status from meter_reading where submission_id = $1 order by meter_id`, [submitted]);
      expect(rows).toEqual(meters.map((meterId) => ({ meter_id: meterId, status: 'accepted' })));
    });

    it('fails a verdict on a submission the cabinet never sent, at once, with the reason', async () => {
      const job = await refused('reading.processed', { submissionId: '00000000-0000-4000-8000-000000000000', meterId: 'RM-1', status: 'accepted' });
      expect(job.failedReason).toMatch(/^reading.processed refused: .*00000000-0000-4000-8000-000000000000.*\(METERING\./);
      expect(job.attemptsMade).toBe(1);
    });
  });

  describe('batches', () => {
    it('keeps one publication of a period when several are applied at the same time (two workers, two lanes)', async () => {
      await settled(await send('contract.upserted', contractEvent('LOCK-1')));
      // Each publication has a line of its own (no unique key in common): only a wait for each other
      // keeps the lines of one publication alone.
      const publish = (account: string, service: 'water' | 'sewerage') =>
        worker.get(Commands).execute(new PublishCharges({ contractNumber: 'LOCK-1', period: '2026-10', lines: [line(account, service)] }));
      for (let round = 0; round < 5; round += 1) {
        await Promise.all([publish('LOCK-1-1', 'water'), publish('LOCK-1-2', 'water'), publish('LOCK-1-1', 'sewerage'), publish('LOCK-1-2', 'sewerage')]);
        const { rows } = await db.query(`select account_number, service from charge_line where contract_number = 'LOCK-1'`);
        expect(rows).toHaveLength(1);
      }
    });

    it('applies events that arrive together in shared transactions, as one by one would, and a refused one fails alone', async () => {
      const contracts = Array.from({ length: 30 }, (_, i) => `BT-${i}`);
      const events: Array<{ name: string; data: unknown; opts?: JobsOptions }> = [
        ...contracts.map((number) => ({ name: 'contract.upserted', data: contractEvent(number) })),
        ...contracts.map((number) => ({ name: 'charges.published', data: { contractNumber: number, period: '2026-10', lines: [line(`${number}-1`, 'water'), line(`${number}-2`, 'sewerage', '10.05')] } })),
        // The same period again: replaces the lines published just before it, in the same batch or not.
        ...contracts.map((number) => ({ name: 'charges.published', data: { contractNumber: number, period: '2026-10', lines: [line(`${number}-2`, 'water', '7.00')] } })),
        ...contracts.map((number, i) => ({ name: 'payment.recorded', data: { paymentId: `BT-PAY-${i}`, contractNumber: number, date: '2026-10-05', amount: '100.10' } })),
        ...contracts.map((number, i) => ({ name: 'meter.upserted', data: { meterId: `BT-M-${i}`, contractNumber: number, accountNumber: `${number}-1`, water: 'cold', factoryNumber: `F${i}`, verificationDate: '2030-01-01', state: 'installed' } })),
        ...contracts.map((number, i) => ({ name: 'meter.upserted', data: { meterId: `BT-M-${i}`, contractNumber: number, accountNumber: `${number}-1`, water: 'cold', factoryNumber: `F${i}-2`, verificationDate: '2030-01-01', state: 'installed' } })),
        { name: 'charges.published', data: { contractNumber: 'BT-0', period: '2026-09', lines: [line('C-1-1', 'water')] } },
      ];
      const transactions = jest.spyOn(worker.get(UnitOfWork), 'run');
      await producer.pause();
      const jobs = await producer.addBulk(events.map(({ name, data }, i) => ({ name, data, opts: { jobId: `batch-${i}` } })));
      await producer.resume();
      const outcomes = await Promise.all(jobs.map((job) => settled(job, 30_000)));
      // Counted before mockRestore, which forgets the calls.
      const transactionCount = transactions.mock.calls.length;
      transactions.mockRestore();

      const failed = outcomes.filter((job) => job.failedReason);
      expect(failed.map((job) => job.failedReason)).toEqual(['charges.published refused: lines[0].accountNumber: personal account C-1-1 is not an account of contract BT-0 (BILLING.ACCOUNT_NOT_IN_CONTRACT)']);
      expect(outcomes.filter((job) => !job.failedReason).every((job) => job.returnvalue?.status === 'applied')).toBe(true);
      // Fewer transactions than events: batches (each failed batch is applied again event by event).
      expect(transactionCount).toBeLessThan(events.length / 2);

      const count = async (sql: string) => (await db.query(sql)).rows[0].n as number;
      expect(await count(`select count(*)::int as n from contract where contract_number like 'BT-%'`)).toBe(30);
      expect(await count(`select count(*)::int as n from personal_account where contract_number like 'BT-%'`)).toBe(60);
      expect((await db.query(`select account_number, service, amount from charge_line where contract_number = 'BT-7'`)).rows).toEqual([{ account_number: 'BT-7-2', service: 'water', amount: '7.00' }]);
      expect(await count(`select count(*)::int as n from charge_line where contract_number like 'BT-%'`)).toBe(30);
      expect(await count(`select count(*)::int as n from payment where payment_id like 'BT-PAY-%' and amount = 100.10`)).toBe(30);
      expect(await count(`select count(*)::int as n from meter where id like 'BT-M-%' and factory_number like '%-2'`)).toBe(30);
      expect(await count(`select count(*)::int as n from inbound_event where event_id like 'batch-%'`)).toBe(events.length - 1);
    });
  });

  describe('order by revision', () => {
    it('skips an older revision as stale, records it with its reason, and still applies events without a revision', async () => {
      await applied('contract.upserted', { ...contractEvent('RV-1', { name: 'ТОО «Ревизия 5»' }), revision: 5 }, { jobId: 'rv-contract-5' });
      const before = await content();
      const stale = await applied('contract.upserted', { ...contractEvent('RV-1', { name: 'ТОО «Ревизия 3»' }), revision: 3 }, { jobId: 'rv-contract-3' });
      expect(stale.returnvalue).toEqual({ status: 'stale', reason: 'contract RV-1 is at revision 5; this event has revision 3' });
      const same = await applied('contract.upserted', { ...contractEvent('RV-1', { name: 'ТОО «Ревизия 5 ещё раз»' }), revision: 5 }, { jobId: 'rv-contract-5-again' });
      expect(same.returnvalue).toEqual({ status: 'stale', reason: 'contract RV-1 is at revision 5; this event has revision 5' });
      expect(await content()).toEqual(before);
      const { rows } = await db.query(`select event_id, status, reason from inbound_event where event_id like 'rv-contract-%' order by event_id`);
      expect(rows).toEqual([
        { event_id: 'rv-contract-3', status: 'stale', reason: 'contract RV-1 is at revision 5; this event has revision 3' },
        { event_id: 'rv-contract-5', status: 'applied', reason: null },
        { event_id: 'rv-contract-5-again', status: 'stale', reason: 'contract RV-1 is at revision 5; this event has revision 5' },
      ]);
      // A newer revision applies; an event without one is applied as it arrives (contract v1 as before).
      await applied('contract.upserted', { ...contractEvent('RV-1', { name: 'ТОО «Ревизия 6»' }), revision: 6 });
      expect((await worker.get(ContractDirectory).findContract('RV-1'))?.name).toBe('ТОО «Ревизия 6»');
      expect((await applied('contract.upserted', contractEvent('RV-1', { name: 'ТОО «Без ревизии»' }))).returnvalue).toEqual({ status: 'applied' });
      expect((await worker.get(ContractDirectory).findContract('RV-1'))?.name).toBe('ТОО «Без ревизии»');
    });

    it('orders each entity by its own revision: a period of charges, a meter, a payment, a balance', async () => {
      await applied('contract.upserted', contractEvent('RV-2'));
      await applied('charges.published', { contractNumber: 'RV-2', period: '2026-10', lines: [line('RV-2-1', 'water', '20.00')], revision: 2 });
      // Another period and another payment are other entities: their revision 1 is not stale.
      await applied('charges.published', { contractNumber: 'RV-2', period: '2026-09', lines: [line('RV-2-1', 'water', '9.00')], revision: 1 });
      expect((await applied('charges.published', { contractNumber: 'RV-2', period: '2026-10', lines: [line('RV-2-1', 'water', '10.00')], revision: 1 })).returnvalue.status).toBe('stale');
      await applied('payment.recorded', { paymentId: 'RV-PAY-1', contractNumber: 'RV-2', date: '2026-10-05', amount: '200.00', revision: 2 });
      await applied('payment.recorded', { paymentId: 'RV-PAY-2', contractNumber: 'RV-2', date: '2026-10-06', amount: '50.00', revision: 1 });
      expect((await applied('payment.recorded', { paymentId: 'RV-PAY-1', contractNumber: 'RV-2', date: '2026-10-01', amount: '100.00', revision: 1 })).returnvalue.status).toBe('stale');
      await applied('balance.opened', { contractNumber: 'RV-2', date: '2026-02-01', amount: '5.00', revision: 20260201 });
      expect((await applied('balance.opened', { contractNumber: 'RV-2', date: '2026-01-01', amount: '1.00', revision: 20260101 })).returnvalue.status).toBe('stale');
      const meter = { meterId: 'RV-M-1', contractNumber: 'RV-2', accountNumber: 'RV-2-1', water: 'cold', verificationDate: '2030-01-01', state: 'installed' };
      await applied('meter.upserted', { ...meter, factoryNumber: 'F-NEW', revision: 9 });
      expect((await applied('meter.upserted', { ...meter, factoryNumber: 'F-OLD', revision: 8 })).returnvalue.status).toBe('stale');

      const rows = async (sql: string) => (await db.query(sql)).rows;
      expect(await rows(`select period, amount from charge_line where contract_number = 'RV-2' order by period`)).toEqual([{ period: '2026-09', amount: '9.00' }, { period: '2026-10', amount: '20.00' }]);
      expect(await rows(`select payment_id, amount from payment where contract_number = 'RV-2' order by payment_id`)).toEqual([{ payment_id: 'RV-PAY-1', amount: '200.00' }, { payment_id: 'RV-PAY-2', amount: '50.00' }]);
      expect(await rows(`select date::text, amount from opening_balance where contract_number = 'RV-2'`)).toEqual([{ date: '2026-02-01', amount: '5.00' }]);
      expect(await rows(`select factory_number from meter where id = 'RV-M-1'`)).toEqual([{ factory_number: 'F-NEW' }]);
    });
  });

  it('refuses an event type outside the contract', async () => {
    const job = await refused('contract.deleted', { contractNumber: 'C-1' });
    expect(job.failedReason).toMatch(/^invalid contract.deleted: event type "contract.deleted" is not part of the contract v1/);
  });
});
