import { NestExpressApplication } from '@nestjs/platform-express';
import { CommandBus } from '@nestjs/cqrs';
import { Client } from 'pg';
import { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { QUEUES } from '@app/messaging';
import { Commands, DATABASE_POOL_IDLE_MS, Outbox, OutboxMessage, PlainSql, UnitOfWork, UnitOfWorkOptions } from '@app/persistence';
import { AggregateRoot, DomainEvent } from '@app/shared-kernel';
import { registerOutboxRoute } from '../../libs/messaging/queues';
import { startWeb } from '../helpers/test-app';
import { eventually } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';

class ProbeTouched extends DomainEvent<{ id: number }> {
  readonly eventName = 'test.probe-touched';
  constructor(readonly id: number) {
    super(new Date());
  }
  toPrimitives() {
    return { id: this.id };
  }
}

registerOutboxRoute('test.probe-touched', QUEUES.BACKOFFICE_OUTBOUND);

/** An aggregate of the tests alone: raises an event each time it is touched. */
class Probe extends AggregateRoot {
  constructor(readonly id: number) {
    super();
  }
  touch(): void {
    this.raise(new ProbeTouched(this.id));
  }
}

/** Units of work on both kinds of transaction: all or nothing, connections given back, the outbox written once at the end. */
describe('unit of work', () => {
  let app: NestExpressApplication;
  let em: EntityManager;
  let sql: PlainSql;
  let unitOfWork: UnitOfWork;
  const rows = async () => (await sql.query<{ id: number; note: string }>('select id, note from uow_probe order by id')).map((row) => `${row.id}:${row.note}`);
  const outboxIds = async () => (await sql.query<{ payload: { id: number } }>(`select payload from outbox_message where event_name = 'test.probe-touched' order by (payload->>'id')::int`)).map((row) => row.payload.id);

  let databaseUrl: string;

  beforeAll(async () => {
    const config = await testConfig();
    databaseUrl = config.databaseUrl;
    app = await startWeb(config);
    em = app.get(EntityManager);
    sql = app.get(PlainSql);
    unitOfWork = app.get(UnitOfWork);
    await sql.query('create table uow_probe (id int primary key, note text not null)');
  });

  beforeEach(async () => {
    await sql.query('delete from uow_probe');
    await sql.query(`delete from outbox_message where event_name = 'test.probe-touched'`);
  });

  afterAll(async () => {
    await sql.query('drop table if exists uow_probe').catch(() => undefined);
    await app?.close();
  });

  const insert = (id: number, note: string) => sql.query('insert into uow_probe (id, note) values ($1, $2)', [id, note]);
  /** The number of rows another connection sees (outside any unit's transaction). */
  const seenOutside = async () => Number((await em.getConnection().execute<Array<{ n: number }>>('select count(*)::int as n from uow_probe'))[0].n);

  describe.each<[string, UnitOfWorkOptions]>([
    ['on plain SQL only', { plainSql: true }],
    ['that may use the ORM', {}],
  ])('a unit %s', (_, options) => {
    const run = <T>(work: () => Promise<T>) => unitOfWork.run(work, options);

    it('keeps the statements and the writes left for the end together, and only at the commit', async () => {
      let outside: number | undefined;
      await run(async () => {
        await insert(1, 'first');
        UnitOfWork.current().beforeFlush(() => insert(2, 'at the end').then(() => undefined));
        outside = await seenOutside();
      });
      expect(outside).toBe(0);
      expect(await rows()).toEqual(['1:first', '2:at the end']);
    });

    it('keeps nothing when the handler or a write at the end fails, with the database error as the ORM raises it', async () => {
      await expect(
        run(async () => {
          await insert(1, 'kept?');
          throw new Error('refused by the domain');
        }),
      ).rejects.toThrow('refused by the domain');
      await expect(
        run(async () => {
          await insert(1, 'kept?');
          UnitOfWork.current().beforeFlush(() => insert(1, 'the same key').then(() => undefined));
        }),
      ).rejects.toBeInstanceOf(UniqueConstraintViolationException);
      expect(await rows()).toEqual([]);
    });

    it('raises a database error at its statement, as the ORM raises it', async () => {
      let raised: unknown;
      await run(async () => {
        await insert(1, 'once');
        raised = await insert(1, 'twice').catch((error: unknown) => error);
      }).catch(() => undefined);
      expect(raised).toBeInstanceOf(UniqueConstraintViolationException);
      expect(await rows()).toEqual([]);
    });

    it('takes each parameter where the statement uses it, arrays as PostgreSQL arrays and dates as instants', async () => {
      const at = new Date('2026-03-01T09:30:00.123Z');
      const [row] = await run(() =>
        sql.query<{ same: boolean; total: number; quoted: string; at: string }>(
          `select $1::int = $1::int as same, (select sum(n)::int from unnest($2::int[]) as n) as total, $3::text[] as quoted, to_char($4::timestamptz at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') as at`,
          [7, [1, 2, 3], ['it\'s "quoted"', 'back\\slash', null], at],
        ),
      );
      expect(row).toEqual({ same: true, total: 6, quoted: ['it\'s "quoted"', 'back\\slash', null], at: '2026-03-01 09:30:00.123' });
    });

    it('gives its connection back to the pool, after a commit and after a rollback', async () => {
      // Three times the pool's size, half of them failing: a unit that kept its connection would block the rest.
      for (let i = 0; i < 30; i += 1) {
        const unit = run(async () => {
          await insert(i, 'loop');
          if (i % 2 === 1) throw new Error('odd');
        });
        if (i % 2 === 1) await expect(unit).rejects.toThrow('odd');
        else await unit;
      }
      expect(await rows()).toHaveLength(15);
    });

    it('writes the events of the aggregates it tracked and those added to the outbox at its end, and none when it fails', async () => {
      await run(async () => {
        const probe = UnitOfWork.current().track(new Probe(1));
        probe.touch();
        app.get(Outbox).add(new ProbeTouched(2));
        // Raised after it was tracked, before the end: written too, with the rest.
        probe.touch();
      });
      expect(await outboxIds()).toEqual([1, 1, 2]);
      await expect(
        run(async () => {
          UnitOfWork.current().track(new Probe(3)).touch();
          UnitOfWork.current().beforeFlush(() => insert(1, 'x').then(() => insert(1, 'the same key')).then(() => undefined));
        }),
      ).rejects.toBeInstanceOf(UniqueConstraintViolationException);
      expect(await outboxIds()).toEqual([1, 1, 2]);
    });

    it('stores the writes left so far at a flush, and those left after it at the end', async () => {
      await run(async () => {
        UnitOfWork.current().beforeFlush(() => insert(1, 'before the flush').then(() => undefined));
        await UnitOfWork.current().flush();
        expect(await rows()).toEqual(['1:before the flush']);
        UnitOfWork.current().beforeFlush(() => insert(2, 'after it').then(() => undefined));
      });
      expect(await rows()).toEqual(['1:before the flush', '2:after it']);
    });

    it('runs nothing at all for a unit that makes no statement', async () => {
      await expect(run(async () => 'answered')).resolves.toBe('answered');
    });
  });

  it('refuses the ORM inside a unit on plain SQL only, and keeps nothing of it', async () => {
    await expect(
      unitOfWork.run(
        async () => {
          await insert(1, 'before the ORM');
          await em.find(OutboxMessage, {});
        },
        { plainSql: true },
      ),
    ).rejects.toThrow(/plain SQL only/);
    expect(await rows()).toEqual([]);
  });

  it('runs plain SQL and the ORM of a unit in one transaction', async () => {
    await expect(
      unitOfWork.run(async () => {
        await insert(1, 'plain');
        // The ORM's fork of this unit sees the plain statement, in the same transaction.
        const [row] = await em.getConnection().execute<Array<{ n: number }>>('select count(*)::int as n from uow_probe', [], 'all', em.getTransactionContext());
        expect(row.n).toBe(1);
        throw new Error('and then it fails');
      }),
    ).rejects.toThrow('and then it fails');
    expect(await rows()).toEqual([]);
  });

  it('refuses what only a unit of work may do outside one', () => {
    expect(() => UnitOfWork.current()).toThrow(/needs a unit of work/);
    expect(() => app.get(Outbox).add(new ProbeTouched(9))).toThrow(/needs a unit of work/);
  });

  it('runs a command again when PostgreSQL ended its transaction to break a deadlock (Commands)', async () => {
    await insert(1, 'one');
    await insert(2, 'two');
    const other = new Client({ connectionString: databaseUrl });
    await other.connect();
    await other.query(`set deadlock_timeout = '10s'`);
    const bus = app.get(CommandBus);
    let attempts = 0;
    const spy = jest.spyOn(bus, 'execute').mockImplementation(async () => {
      attempts += 1;
      await sql.query(`update uow_probe set note = 'command' where id = 1`);
      if (attempts === 1) {
        // The other transaction holds row 2 and waits for row 1, which this one holds; then this one
        // wants row 2: a deadlock. PostgreSQL ends the transaction whose deadlock check finds it: this
        // one's, 1 s after it began to wait (deadlock_timeout), as the other checks only after 10 s.
        // (With both at 1 s the victim depended on timing: under load the other's check could come first.)
        await other.query('begin');
        await other.query(`update uow_probe set note = 'other' where id = 2`);
        const otherDone = other.query(`update uow_probe set note = 'other' where id = 1`).then(() => other.query('commit'));
        await eventually(async () => (await em.getConnection().execute<Array<{ n: number }>>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`))[0].n > 0);
        const wanting = sql.query(`update uow_probe set note = 'command' where id = 2`);
        await Promise.all([wanting, otherDone]);
      } else {
        await sql.query(`update uow_probe set note = 'command' where id = 2`);
      }
      return 'done';
    });
    try {
      // PostgreSQL ends the command's transaction, which then runs once more, after the other has committed.
      expect(await app.get(Commands).execute({})).toBe('done');
      expect(attempts).toBe(2);
      expect(await rows()).toEqual(['1:command', '2:command']);
    } finally {
      spy.mockRestore();
      await other.end();
    }
  });

  it("keeps plain SQL's connections through a lull longer than node-postgres' 10 s, and gives MikroORM's pool the same time", async () => {
    // Three statements at once on each pool: three server processes each (pg_sleep keeps them apart).
    const pidsOf = (rows: Array<{ pid: number }>) => rows.map((row) => row.pid);
    const plain = (await Promise.all([1, 2, 3].map(() => sql.query<{ pid: number }>('select pg_backend_pid() as pid, pg_sleep(0.3)')))).flatMap(pidsOf);
    const orm = (await Promise.all([1, 2, 3].map(() => em.getConnection().execute<Array<{ pid: number }>>('select pg_backend_pid() as pid, pg_sleep(0.3)')))).flatMap(pidsOf);
    expect(new Set([...plain, ...orm]).size).toBe(6);
    // node-postgres closes an idle connection after 10 s by default; knex's pool after 30 s, which the
    // test does not wait for: MikroORM's pool is checked against the setting it is given.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    const other = new Client({ connectionString: databaseUrl });
    await other.connect();
    try {
      const alive = pidsOf((await other.query<{ pid: number }>('select pid from pg_stat_activity where pid = any($1::int[])', [[...plain, ...orm]])).rows);
      expect(alive.sort()).toEqual([...plain, ...orm].sort());
    } finally {
      await other.end();
    }
    expect(em.config.get('pool')).toMatchObject({ idleTimeoutMillis: DATABASE_POOL_IDLE_MS });
  }, 30_000);
});
