import { Client } from 'pg';
import { createServer, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { dropDatabase } from '@app/persistence';
import { prepareDatabase } from '../../src/prepare-database';
import { runId } from '../helpers/test-env';

describe('database bootstrap at start', () => {
  const url = new URL(process.env.TEST_TEMPLATE_DATABASE_URL ?? '');
  url.pathname = `/vk_test_${runId()}_boot_${randomBytes(3).toString('hex')}`;
  const databaseUrl = url.toString();

  afterAll(async () => {
    await dropDatabase(databaseUrl);
  });

  it('creates the missing database and applies every migration once when several processes start together', async () => {
    const logs: string[][] = [[], [], [], []];
    await Promise.all(logs.map((lines) => prepareDatabase(databaseUrl, (line) => lines.push(line))));

    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const applied = await client.query<{ name: string }>('select name from mikro_orm_migrations order by id');
      const names = applied.rows.map((row) => row.name);
      expect(new Set(names).size).toBe(names.length);
      expect(names[0]).toMatch(/^Migration\d+_platform$/);
      const tables = await client.query("select 1 from information_schema.tables where table_name in ('outbox_message', 'mail_message', 'staff_account')");
      expect(tables.rowCount).toBe(3);
    } finally {
      await client.end();
    }
    // Exactly one process created the database and exactly one applied the migrations.
    expect(logs.flat().filter((line) => line.startsWith('Created database'))).toHaveLength(1);
    expect(logs.flat().filter((line) => line.startsWith('Applied migrations'))).toHaveLength(1);
  });

  it('applies nothing on a second start', async () => {
    const lines: string[] = [];
    await prepareDatabase(databaseUrl, (line) => lines.push(line));
    expect(lines).toEqual([]);
  });

  it('fails within about 10 s when the server takes the connection and never answers', async () => {
    // A PostgreSQL behind a dead network path: the connection attempt itself must not wait for ever.
    const held = new Set<Socket>();
    const silent = createServer((socket) => held.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      await expect(prepareDatabase(`postgres://postgres@127.0.0.1:${(silent.address() as AddressInfo).port}/nowhere`)).rejects.toThrow(/timeout/i);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      for (const socket of held) socket.destroy();
      silent.close();
    }
  }, 30_000);
});
