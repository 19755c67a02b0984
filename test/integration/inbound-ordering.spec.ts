import { ChildProcess } from 'node:child_process';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { AppConfig } from '@app/config';
import { bullPrefix, ChargesPublished, ContractUpserted, MeterUpserted, PaymentRecorded, BalanceOpened, QUEUES, redisOptionsFromUrl } from '@app/messaging';
import { aContract } from '../../src/modules/billing/testing/contract.mother';
import { eventually } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';
import { startWorkerProcess, stopWorkerProcess } from '../helpers/worker-process';

/**
 * Issue 16, «Ordering»: thousands of upserts of a few dozen entities, each sent in many revisions,
 * shuffled, some sent again under another event id, some arriving before their contract (retried with
 * the producer's backoff, so that delayed retries and newer events overtake each other), through TWO
 * worker processes on one PostgreSQL and one Redis. At the end every entity must be as its highest
 * revision says: what the back office sent last.
 */

const CONTRACTS = 8;
const REVISIONS = 48;
const RESENT = 300;
const SEED = Number(process.env.ORDERING_SEED ?? 16);

/** A small seeded generator (mulberry32), so that a failing order can be replayed with ORDERING_SEED. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Sent {
  type: string;
  payload: { revision?: number } & object;
  entity: string;
}

const contractNumber = (c: number) => `ORD${c}`;
const money = (n: number) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;

function contractRevision(c: number, revision: number): ContractUpserted {
  const base = aContract('legal', { contractNumber: contractNumber(c) });
  return {
    ...base,
    name: `ТОО «Порядок ${c}», ред. ${revision}`,
    address: `г. Павлодар, ул. Ленина, ${revision}`,
    heatMeterInstalled: revision % 2 === 0,
    accounts: base.accounts.map((account, n) => ({ ...account, recipient: `Объект ${n + 1}, ред. ${revision}`, tariffGroup: String((revision + n) % 7) })),
    revision,
  };
}

function meterRevision(c: number, m: number, revision: number): MeterUpserted {
  return {
    meterId: `ORD${c}-M${m}`,
    contractNumber: contractNumber(c),
    accountNumber: `${contractNumber(c)}-${m}`,
    water: m === 1 ? 'cold' : 'hot',
    factoryNumber: revision % 5 === 0 ? null : `F${c}${m}-${revision}`,
    verificationDate: `2030-01-${String((revision % 28) + 1).padStart(2, '0')}`,
    state: revision % 3 === 0 ? 'removed' : 'installed',
    lastReading: { value: `${100 + revision}.${String(revision % 1000).padStart(3, '0')}`, date: `2026-0${(revision % 9) + 1}-15`, source: `ред. ${revision}` },
    revision,
  };
}

function chargesRevision(c: number, period: string, revision: number): ChargesPublished {
  const accounts = [1, 2].slice(0, 1 + (revision % 2));
  return {
    contractNumber: contractNumber(c),
    period,
    lines: accounts.map((n) => ({
      accountNumber: `${contractNumber(c)}-${n}`,
      recipient: `Объект ${n}`,
      tariffGroup: '3',
      service: 'water' as const,
      volume: `${revision}.${String(n).padStart(3, '0')}`,
      tariff: '197.02',
      vatRate: '16',
      amount: money(1000 * revision + n),
    })),
    revision,
  };
}

function paymentRevision(p: number, revision: number): PaymentRecorded {
  return { paymentId: `ORD-PAY-${p}`, contractNumber: contractNumber(p % CONTRACTS), date: `2026-10-${String((revision % 28) + 1).padStart(2, '0')}`, amount: money(500 * revision + p), document: `п/п ${revision}`, revision };
}

function balanceRevision(c: number, revision: number): BalanceOpened {
  return { contractNumber: contractNumber(c), date: `2026-01-${String((revision % 28) + 1).padStart(2, '0')}`, amount: money(100 * revision), revision };
}

/** Every revision of every entity, by entity (in revision order). */
function allRevisions(): Map<string, Sent[]> {
  const byEntity = new Map<string, Sent[]>();
  const add = (entity: string, type: string, make: (revision: number) => Sent['payload']) =>
    byEntity.set(entity, Array.from({ length: REVISIONS }, (_, i) => ({ type, payload: make(i + 1), entity })));
  for (let c = 0; c < CONTRACTS; c += 1) {
    add(`contract:${c}`, 'contract.upserted', (r) => contractRevision(c, r));
    for (const m of [1, 2]) add(`meter:${c}:${m}`, 'meter.upserted', (r) => meterRevision(c, m, r));
    for (const period of ['2026-09', '2026-10']) add(`charges:${c}:${period}`, 'charges.published', (r) => chargesRevision(c, period, r));
    add(`balance:${c}`, 'balance.opened', (r) => balanceRevision(c, r));
  }
  for (let p = 0; p < 10; p += 1) add(`payment:${p}`, 'payment.recorded', (r) => paymentRevision(p, r));
  return byEntity;
}

describe('inbound ordering by revision, two worker processes (issue 16)', () => {
  let config: AppConfig;
  let workers: ChildProcess[] = [];
  let producer: Queue;
  let db: Client;

  beforeAll(async () => {
    config = await testConfig();
    // Short retries of the producer's jobs (below) and small batches of several lanes: more interleaving.
    const env = { BACKOFFICE_BATCH: '10', BACKOFFICE_BATCHES_IN_FLIGHT: '3', BACKOFFICE_CONCURRENCY: '40' };
    workers = await Promise.all([startWorkerProcess(config, env), startWorkerProcess(config, env)]);
    producer = new Queue(QUEUES.BACKOFFICE_INBOUND, { connection: redisOptionsFromUrl(config.redisUrl), prefix: bullPrefix(config.redisPrefix) });
    db = new Client({ connectionString: config.databaseUrl });
    await db.connect();
  }, 300_000);

  afterAll(async () => {
    await producer?.close();
    await db?.end();
    await Promise.all(workers.map((worker) => stopWorkerProcess(worker)));
  });

  it('leaves every contract, account, meter, charge period, payment and balance as its last revision says', async () => {
    const rand = random(SEED);
    const byEntity = allRevisions();
    const events = [...byEntity.values()].flat();
    // Shuffled (Fisher–Yates), then each contract's one random revision among the first events, so that
    // most events find their contract and the others are retried until it arrives.
    for (let i = events.length - 1; i > 0; i -= 1) {
      const j = Math.floor(rand() * (i + 1));
      [events[i], events[j]] = [events[j], events[i]];
    }
    for (let c = 1; c < CONTRACTS; c += 1) {
      const index = events.findIndex((event) => event.entity === `contract:${c}`);
      const [first] = events.splice(index, 1);
      events.splice(Math.floor(rand() * 200), 0, first);
    }
    // Some events are sent again later, under another event id (the producer's own retry).
    for (let k = 0; k < RESENT; k += 1) {
      const again = events[Math.floor(rand() * events.length)];
      events.splice(Math.floor(rand() * events.length), 0, again);
    }
    expect(events.length).toBeGreaterThanOrEqual(3000);

    // Contract 0's revisions are held back until one of its events has been put off for a retry: so
    // delayed retries surely meet newer events (about 100 s of retries, far more than the run needs).
    const held = events.filter((event) => event.entity === 'contract:0');
    const enqueue = async (list: Sent[], tag: string) => {
      for (let start = 0; start < list.length; start += 200) {
        await producer.addBulk(
          list.slice(start, start + 200).map((event, offset) => ({
            name: event.type,
            data: event.payload,
            opts: { jobId: `ord-${tag}-${start + offset}`, attempts: 400, backoff: { type: 'fixed', delay: 250 } },
          })),
        );
      }
    };
    await enqueue(events.filter((event) => event.entity !== 'contract:0'), 'a');
    await eventually(async () => (await producer.getJobCounts('delayed')).delayed > 0, 120_000, 'an event of contract ORD0 to wait for a retry');
    await enqueue(held, 'b');
    await eventually(
      async () => {
        const counts = await producer.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');
        return counts.completed + counts.failed === events.length && counts;
      },
      240_000,
      `${events.length} events to settle`,
    );
    const failed = await producer.getFailed(0, 10);
    expect(failed.map((job) => `${job.id} ${job.name}: ${job.failedReason}`)).toEqual([]);

    // Delayed retries happened (events before their contract), and older revisions were skipped as stale.
    const retried = (await producer.getCompleted(0, events.length)).filter((job) => job.attemptsMade > 1 || (job.attemptsStarted ?? 0) > 1);
    expect(retried.length).toBeGreaterThan(0);
    const ledger = (await db.query(`select status, count(*)::int as count, count(reason)::int as reasons from inbound_event group by status order by status`)).rows;
    expect(ledger).toEqual([
      { status: 'applied', count: expect.any(Number), reasons: 0 },
      { status: 'stale', count: expect.any(Number), reasons: expect.any(Number) },
    ]);
    expect(ledger[0].count + ledger[1].count).toBe(events.length);
    expect(ledger[1].reasons).toBe(ledger[1].count);

    const last = (entity: string) => byEntity.get(entity)!.at(-1)!.payload as never;
    for (let c = 0; c < CONTRACTS; c += 1) {
      const contract: ContractUpserted = last(`contract:${c}`);
      const row = (await db.query('select name, address, heat_meter_installed from contract where contract_number = $1', [contract.contractNumber])).rows[0];
      expect({ contract: contract.contractNumber, ...row }).toEqual({ contract: contract.contractNumber, name: contract.name, address: contract.address, heat_meter_installed: contract.heatMeterInstalled });
      const accounts = (await db.query('select account_number, recipient, tariff_group from personal_account where contract_number = $1 order by position', [contract.contractNumber])).rows;
      expect(accounts).toEqual(contract.accounts.map((account) => ({ account_number: account.accountNumber, recipient: account.recipient, tariff_group: account.tariffGroup })));

      for (const m of [1, 2]) {
        const meter: MeterUpserted = last(`meter:${c}:${m}`);
        const stored = (await db.query('select factory_number, verification_date::text, state, last_reading_value, last_reading_date::text, last_reading_source from meter where id = $1', [meter.meterId])).rows[0];
        expect({ meter: meter.meterId, ...stored }).toEqual({
          meter: meter.meterId,
          factory_number: meter.factoryNumber,
          verification_date: meter.verificationDate,
          state: meter.state,
          last_reading_value: Number(meter.lastReading!.value).toFixed(3),
          last_reading_date: meter.lastReading!.date,
          last_reading_source: meter.lastReading!.source,
        });
      }
      for (const period of ['2026-09', '2026-10']) {
        const charges: ChargesPublished = last(`charges:${c}:${period}`);
        const lines = (await db.query('select account_number, volume, amount from charge_line where contract_number = $1 and period = $2 order by position', [charges.contractNumber, period])).rows;
        expect({ period: `${charges.contractNumber}/${period}`, lines }).toEqual({
          period: `${charges.contractNumber}/${period}`,
          lines: charges.lines.map((line) => ({ account_number: line.accountNumber, volume: line.volume, amount: line.amount })),
        });
      }
      const balance: BalanceOpened = last(`balance:${c}`);
      const opening = (await db.query('select date::text, amount from opening_balance where contract_number = $1', [balance.contractNumber])).rows[0];
      expect({ balance: balance.contractNumber, ...opening }).toEqual({ balance: balance.contractNumber, date: balance.date, amount: balance.amount });
    }
    for (let p = 0; p < 10; p += 1) {
      const payment: PaymentRecorded = last(`payment:${p}`);
      const stored = (await db.query('select date::text, amount, document from payment where payment_id = $1', [payment.paymentId])).rows[0];
      expect({ payment: payment.paymentId, ...stored }).toEqual({ payment: payment.paymentId, date: payment.date, amount: payment.amount, document: payment.document });
    }
  }, 300_000);
});
