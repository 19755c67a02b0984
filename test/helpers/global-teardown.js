/** Drops every database of this run and deletes its Redis keys. */
module.exports = async function globalTeardown() {
  const { Client } = require('pg');
  const Redis = require('ioredis').default;
  const runId = process.env.TEST_RUN_ID;
  if (!runId || process.env.TEST_KEEP_DATA === '1') return;

  const url = new URL(process.env.TEST_TEMPLATE_DATABASE_URL);
  url.pathname = '/postgres';
  const pg = new Client({ connectionString: url.toString() });
  await pg.connect();
  try {
    const { rows } = await pg.query(`select datname from pg_database where datname like $1`, [`vk_test_${runId}%`]);
    for (const { datname } of rows) await pg.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await pg.end();
  }

  const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `test-${runId}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
};
