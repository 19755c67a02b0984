import { isDependencyOutage } from './dependency-outage';

describe('telling a dependency outage from a fault', () => {
  it('sees an unreachable PostgreSQL or Redis, also wrapped in another error', () => {
    expect(isDependencyOutage(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDependencyOutage(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(true);
    expect(isDependencyOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDependencyOutage(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDependencyOutage(Object.assign(new Error('query failed'), { previous: new Error('Connection is closed.') }))).toBe(true);
    // MikroORM's DriverException for the next query of a transaction whose connection was cut.
    expect(isDependencyOutage(Object.assign(new Error('Transaction query already complete, run with DEBUG=knex:tx for more info'), { name: 'DriverException' }))).toBe(true);
  });

  it('leaves other errors alone', () => {
    expect(isDependencyOutage(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDependencyOutage(Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }))).toBe(false);
    expect(isDependencyOutage(undefined)).toBe(false);
  });
});
