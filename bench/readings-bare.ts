/**
 * The reference for `npm run bench:readings`: POST /api/v1/readings as a bare node:http + pg + ioredis
 * endpoint running the cabinet's own statements for one submission, the very texts (imported from the
 * adapters) in the same order with the same parameters: the token in Redis, the signed-in subscriber's
 * row, then in one transaction the contract's meters FOR UPDATE, the idempotency key, this month's and
 * the earlier readings, the meters' readings of the year before (the unusual-consumption check), the
 * corrected readings by id (or the new ones), the submission row and the outbox row. Around them no
 * framework, ORM, validation library or domain model: what is left between the two is what our layers
 * add. Statements are named (prepared once per connection), as the cabinet's plain SQL is. Started by
 * the benchmark as its own process, compiled and with its imports taken from dist as the cabinet's
 * processes run (support.ts, compiledAgainstDist: hence aliases only, no relative imports):
 *   PORT=… DATABASE_URL=… REDIS_URL=… REDIS_PREFIX=… TS_NODE_BASEURL=dist node -r tsconfig-paths/register tmp/bench/readings-bare.js
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import Redis from 'ioredis';
import { Pool, PoolClient } from 'pg';
import { redisOptionsFromUrl } from '@app/messaging';
import { DATABASE_POOL_IDLE_MS, insertOutboxSql } from '@app/persistence';
import { localDateOf } from '@app/shared-kernel';
// The adapters' own statement texts, imported from their files (allowed for bench/ alone by the
// architecture test's list): no module exports SQL for a benchmark.
import { SIGNED_IN_BY_ID } from '@modules/identity/infrastructure/persistence/pg-subscriber-authenticator';
import { SUBMISSION_STATEMENTS as SQL } from '@modules/metering/infrastructure/persistence/submission-statements';

// The cabinet's pool settings: as many connections, kept as long when idle.
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.BARE_POOL_MAX ?? 10), idleTimeoutMillis: DATABASE_POOL_IDLE_MS });
const redis = new Redis({ ...redisOptionsFromUrl(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'), keyPrefix: `${process.env.REDIS_PREFIX}:` });
const READING = /^\d{1,8}(?:[.,]\d{1,3})?$/;

/**
 * Each statement named after its text, as the cabinet runs its plain SQL: each connection parses and
 * plans it once, then only binds and executes it. BARE_PREPARED=0 runs them unnamed.
 */
const statementNames = new Map<string, string>();
function run(client: Pool | PoolClient, text: string, values: unknown[]) {
  let name: string | undefined;
  if (process.env.BARE_PREPARED !== '0') {
    name = statementNames.get(text);
    if (!name) statementNames.set(text, (name = `bare_${statementNames.size + 1}`));
  }
  return client.query({ name, text, values });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': status < 400 ? 'application/json; charset=utf-8' : 'application/problem+json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function submit(client: PoolClient, contractNumber: string, key: string, rows: Array<{ meterId: string; value: string }>) {
  const date = localDateOf(new Date());
  const period = date.slice(0, 7);
  const fingerprint = JSON.stringify(rows.map((row) => [row.meterId, row.value]));
  await client.query('begin');
  try {
    const meters = (await run(client, SQL.lockOfContract, [contractNumber])).rows;
    const earlier = (await run(client, SQL.findByKey, [contractNumber, key])).rows[0];
    if (earlier) {
      await client.query('commit');
      return { status: 201, body: { submissionId: earlier.id, replayed: true, readings: earlier.readings } };
    }
    const ids = rows.map((row) => row.meterId);
    const around = (await run(client, SQL.aroundPeriod(ids.length), [period, ...ids])).rows;
    const submissionId = randomUUID();
    const now = new Date();
    const readings = [];
    for (const row of rows) {
      const meter = meters.find((m) => m.id === row.meterId);
      if (!meter || !meter.factory_number || meter.state !== 'installed' || !READING.test(row.value)) throw new Error('refused');
      const value = row.value.replace(',', '.');
      const existing = around.find((r) => r.meter_id === row.meterId && r.period === period);
      readings.push({ meterId: row.meterId, factoryNumber: meter.factory_number, water: meter.water, value, date, existingId: existing?.id as string | undefined });
    }
    // The unusual-consumption check's read of the meters' year (the benchmark's values always change;
    // the arithmetic on these rows is left to the cabinet's side).
    await run(client, SQL.knownReadings(ids.length), [SQL.knownReadingsSince(period), ...ids]);
    const added: unknown[][] = [];
    for (const { meterId, value, existingId } of readings) {
      if (existingId) await run(client, SQL.updateById, [value, date, 'api', submissionId, 'pending', null, now, null, existingId]);
      else added.push([randomUUID(), meterId, contractNumber, period, value, date, 'api', submissionId, 'pending', null, now, null]);
    }
    if (added.length > 0) await run(client, SQL.insertReadings(added.length), added.flat());
    await run(client, SQL.insertSubmission, [submissionId, contractNumber, key, fingerprint, 'api', now, JSON.stringify(readings.map(({ meterId, value, date: d }) => ({ meterId, value, date: d })))]);
    const payload = { submissionId, contractNumber, submittedAt: now.toISOString(), source: 'api', readings: readings.map(({ meterId, factoryNumber, water, value, date: d }) => ({ meterId, factoryNumber, water, value, date: d })) };
    await run(client, insertOutboxSql(1), [randomUUID(), 'readings.submitted', 'backoffice-outbound', JSON.stringify(payload), now, now, null, 0, null]);
    await client.query('commit');
    return { status: 201, body: { submissionId, replayed: false, changed: true, source: 'api', readings: readings.map(({ meterId, value, date: d }) => ({ meterId, value, date: d, status: 'pending' })) } };
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST' || req.url !== '/api/v1/readings') return send(res, 404, { status: 404 });
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const subscriberId = token ? await redis.get(`api-token:${createHash('sha256').update(token).digest('hex')}`) : null;
  const subscriber = subscriberId ? (await run(pool, SIGNED_IN_BY_ID, [subscriberId])).rows[0] : undefined;
  if (!subscriber) return send(res, 401, { status: 401 });
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { readings: Array<{ meterId: string; value: string }> };
  const key = String(req.headers['idempotency-key'] ?? randomUUID());
  const client = await pool.connect();
  try {
    const result = await submit(client, subscriber.contract_number, key, body.readings);
    send(res, result.status, result.body);
  } catch {
    send(res, 422, { status: 422 });
  } finally {
    client.release();
  }
}

createServer((req, res) => {
  handle(req, res).catch(() => send(res, 500, { status: 500 }));
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('bare endpoint listening\n'));
