/**
 * One command runs the four projects: unit (domain, no I/O), integration (real PG/Redis/SMTP/Chromium), e2e,
 * and security (the hostile suite of test/security, which probes every route of the running app).
 */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const common = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  rootDir: __dirname,
};

module.exports = {
  globalSetup: '<rootDir>/test/helpers/global-setup.js',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.js',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts', '<rootDir>/test/architecture/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.spec.ts'], slowTestThreshold: 30 },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'], slowTestThreshold: 60 },
    { ...common, displayName: 'security', testMatch: ['<rootDir>/test/security/**/*.spec.ts'], slowTestThreshold: 90 },
  ],
  testTimeout: 60_000,
};
