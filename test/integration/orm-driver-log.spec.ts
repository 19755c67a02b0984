import { MikroORM } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { createOrmConfig } from '@app/persistence';

/**
 * Knex's own warnings go to the process's structured log, not bare to the console: after PostgreSQL
 * ended a pooled connection (a restart, a cut network), the next query finds it broken and knex says
 * so once.
 */
describe('the ORM driver log', () => {
  const url = new URL(process.env.TEST_TEMPLATE_DATABASE_URL ?? '');
  url.pathname = '/postgres';

  it("routes knex's warning about a connection PostgreSQL ended to the Knex logger", async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const console = jest.spyOn(global.console, 'warn').mockImplementation(() => undefined);
    const orm = await MikroORM.init({ ...createOrmConfig({ databaseUrl: url.toString(), poolMax: 1 }), entities: [], discovery: { warnWhenNoEntities: false } });
    const admin = new Client({ connectionString: url.toString() });
    await admin.connect();
    try {
      const [{ pid }] = await orm.em.getConnection().execute<Array<{ pid: number }>>('select pg_backend_pid() as pid');
      await admin.query('select pg_terminate_backend($1)', [pid]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // The pool finds its connection ended, warns, and the query runs on a new one.
      await expect(orm.em.getConnection().execute('select 1 as one')).resolves.toEqual([{ one: 1 }]);
      const knexWarnings = warn.mock.contexts.flatMap((logger, i) => ((logger as unknown as { context?: string }).context === 'Knex' ? [String(warn.mock.calls[i][0])] : []));
      expect(knexWarnings).toEqual([expect.stringMatching(/^Connection Error: .*(terminat|ended)/i)]);
      expect(console).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      console.mockRestore();
      await admin.end();
      await orm.close(true);
    }
  });
});
