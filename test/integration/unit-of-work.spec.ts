import { NestExpressApplication } from '@nestjs/platform-express';
import { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { OutboxMessage, plainQuery, UnitOfWork } from '@app/persistence';
import { startWeb } from '../helpers/test-app';
import { testConfig } from '../helpers/test-env';

/** Units of work on plain SQL only (UnitOfWorkOptions.plainSql): one transaction, all or nothing, connections given back. */
describe('unit of work on plain SQL', () => {
  let app: NestExpressApplication;
  let em: EntityManager;
  let unitOfWork: UnitOfWork;
  const rows = async () => (await plainQuery<{ id: number; note: string }>(em, 'select id, note from uow_probe order by id')).map((row) => `${row.id}:${row.note}`);

  beforeAll(async () => {
    app = await startWeb(await testConfig());
    em = app.get(EntityManager);
    unitOfWork = app.get(UnitOfWork);
    await plainQuery(em, 'create table uow_probe (id int primary key, note text not null)');
  });

  beforeEach(async () => {
    await plainQuery(em, 'delete from uow_probe');
  });

  afterAll(async () => {
    await plainQuery(em, 'drop table if exists uow_probe').catch(() => undefined);
    await app?.close();
  });

  const plain = <T>(work: () => Promise<T>) => unitOfWork.run(work, { plainSql: true });
  const insert = (id: number, note: string) => UnitOfWork.current(em).query('insert into uow_probe (id, note) values ($1, $2)', [id, note]);

  it('keeps the statements and the writes left for the end together, and only at the commit', async () => {
    let seenOutside: string[] | undefined;
    await plain(async () => {
      await insert(1, 'first');
      UnitOfWork.current(em).beforeFlush(() => insert(2, 'at the end').then(() => undefined));
      // Another connection of the pool, outside this unit's transaction.
      const outside = await em.getConnection().getKnex().raw('select count(*)::int as n from uow_probe');
      seenOutside = outside.rows[0].n === 0 ? [] : ['seen before the commit'];
    });
    expect(seenOutside).toEqual([]);
    expect(await rows()).toEqual(['1:first', '2:at the end']);
  });

  it('keeps nothing when the handler or a write at the end fails, with the database error as the ORM raises it', async () => {
    await expect(
      plain(async () => {
        await insert(1, 'kept?');
        throw new Error('refused by the domain');
      }),
    ).rejects.toThrow('refused by the domain');
    await expect(
      plain(async () => {
        await insert(1, 'kept?');
        UnitOfWork.current(em).beforeFlush(() => insert(1, 'the same key').then(() => undefined));
      }),
    ).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    expect(await rows()).toEqual([]);
  });

  it('gives its connection back to the pool, after a commit and after a rollback', async () => {
    // Three times the pool's size, half of them failing: a unit that kept its connection would block the rest.
    for (let i = 0; i < 30; i += 1) {
      const unit = plain(async () => {
        await insert(i, 'loop');
        if (i % 2 === 1) throw new Error('odd');
      });
      if (i % 2 === 1) await expect(unit).rejects.toThrow('odd');
      else await unit;
    }
    expect(await rows()).toHaveLength(15);
  });

  it('refuses the ORM inside such a unit, and keeps nothing of it', async () => {
    await expect(
      plain(async () => {
        await insert(1, 'before the ORM');
        await em.find(OutboxMessage, {});
      }),
    ).rejects.toThrow(/plain SQL only/);
    expect(await rows()).toEqual([]);
  });

  it('runs nothing at all for a unit that makes no statement', async () => {
    await expect(plain(async () => 'answered')).resolves.toBe('answered');
  });
});
