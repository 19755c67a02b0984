import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'tmp/**', 'src/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-require-imports': 'off',
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  { files: ['libs/web/public/**/*.js'], languageOptions: { sourceType: 'script', globals: { ...globals.browser } } },
  {
    // MikroORM's public API only: its next major drops knex (libs/persistence/unit-of-work uses Connection.execute and a pg Pool).
    files: ['src/**/*.ts', 'libs/**/*.ts', 'test/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['knex', '@mikro-orm/knex'] }],
      'no-restricted-properties': ['error', { property: 'getKnex', message: 'MikroORM 7 drops knex: use PlainSql or Connection.execute' }],
    },
  },
  {
    // The domain stays free of frameworks (the architecture test checks the same, with module boundaries).
    files: ['**/domain/**/*.ts', 'libs/shared-kernel/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@nestjs/*', '@mikro-orm/*', 'bullmq', 'playwright-core', 'ioredis', 'pg', 'express'] }],
    },
  },
);
