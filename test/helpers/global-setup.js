/**
 * Once per test run: a run id, a template database migrated from the committed migrations, and the
 * environment the test files read (they inherit it). Each test file clones its own database from the
 * template and uses its own Redis key prefix, so files run in parallel and runs never meet.
 */
require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
require('tsconfig-paths').register({ baseUrl: __dirname + '/../..', paths: require('../../tsconfig.json').compilerOptions.paths });

module.exports = async function globalSetup() {
  const { randomBytes } = require('node:crypto');
  const { MikroORM } = require('@mikro-orm/postgresql');
  const { applyMigrations, createOrmConfig, ensureDatabase } = require('../../libs/persistence');

  const runId = process.env.TEST_RUN_ID || `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const base = new URL(process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/vk_test_${runId}`;
  const templateUrl = base.toString();

  await ensureDatabase(templateUrl);
  const orm = await MikroORM.init(createOrmConfig({ databaseUrl: templateUrl, poolMax: 2 }));
  try {
    await applyMigrations(orm, templateUrl);
  } finally {
    await orm.close(true);
  }
  process.env.TEST_RUN_ID = runId;
  process.env.TEST_TEMPLATE_DATABASE_URL = templateUrl;
  process.env.NODE_ENV = 'test';
};
