import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { BENCH_MAY_IMPORT, checkImportRules, moduleCycles, moduleGraph, projectSources } from './import-rules';

const root = join(__dirname, '..', '..');

describe('architecture', () => {
  it('keeps domain folders free of frameworks, and modules and libraries apart (the whole project)', () => {
    const violations = checkImportRules(root, projectSources(root));
    expect(violations).toEqual([]);
  });

  it('has no cycle between modules (the whole project)', () => {
    const graph = moduleGraph(root, projectSources(root));
    // The graph walked is the real one: Identity and Metering use Billing's ContractDirectory.
    expect([...(graph.get('identity') ?? [])]).toContain('billing');
    expect([...(graph.get('metering') ?? [])]).toContain('billing');
    expect(moduleCycles(graph)).toEqual([]);
  });

  it("lists for bench/ only files that exist (a renamed adapter's old path is no permission)", () => {
    expect(BENCH_MAY_IMPORT.filter((path) => !existsSync(join(root, `${path}.ts`)))).toEqual([]);
  });

  it('builds no test, test support or benchmark into dist (tsconfig.build.json), and type-checks them all (tsconfig.json)', () => {
    const filesOf = (config: string) => {
      const { config: json } = ts.readConfigFile(join(root, config), ts.sys.readFile);
      return ts.parseJsonConfigFileContent(json, ts.sys, root).fileNames.map((file) => relative(root, file).split(sep).join('/'));
    };
    const notForProduction = (file: string) => /\.spec\.ts$|(^|\/)testing\//.test(file) || /^(test|bench)\//.test(file);
    expect(filesOf('tsconfig.build.json').filter(notForProduction)).toEqual([]);
    const checked = filesOf('tsconfig.json');
    expect(['bench/readings.ts', 'src/modules/billing/testing/contract.mother.ts', 'test/architecture/architecture.spec.ts'].filter((file) => !checked.includes(file))).toEqual([]);
  });

  describe('the checker itself', () => {
    it('flags a domain file that imports @nestjs/common', () => {
      const files = new Map([['src/modules/metering/domain/meter.aggregate.ts', "import { Injectable } from '@nestjs/common';"]]);
      expect(checkImportRules(root, files)).toEqual([
        expect.objectContaining({ file: 'src/modules/metering/domain/meter.aggregate.ts', imports: '@nestjs/common' }),
      ]);
    });

    it('flags a shared-kernel file that imports @mikro-orm/core, and a domain file that imports bullmq', () => {
      const files = new Map([
        ['libs/shared-kernel/money.ts', "import { Type } from '@mikro-orm/core';"],
        ['src/modules/billing/domain/ledger.ts', "const q = require('bullmq');"],
      ]);
      expect(checkImportRules(root, files).map((v) => v.imports)).toEqual(['@mikro-orm/core', 'bullmq']);
    });

    it("flags a module reaching into another module's internals, relative or aliased", () => {
      const files = new Map([
        ['src/modules/metering/application/x.ts', "import { A } from '../../identity/domain/account';\nimport { B } from '@modules/billing/domain/ledger';"],
      ]);
      expect(checkImportRules(root, files).map((v) => v.imports)).toEqual(['../../identity/domain/account', '@modules/billing/domain/ledger']);
    });

    it('flags two modules that import each other, even when one does it from a controller through a require()', () => {
      const files = new Map([
        ['src/modules/identity/identity.module.ts', "import { BillingModule } from '@modules/billing';"],
        ['src/modules/billing/index.ts', "export function webModule() { return require('./billing-web.module'); }"],
        ['src/modules/billing/billing-web.module.ts', "import { ChargesPageController } from './interface/web/charges.page-controller';"],
        ['src/modules/billing/interface/web/charges.page-controller.ts', "import { SubscriberAuthGuard } from '@modules/identity';"],
      ]);
      expect(checkImportRules(root, files)).toEqual([
        expect.objectContaining({ file: 'src/modules/billing', imports: '@modules/billing → @modules/identity → @modules/billing', rule: expect.stringContaining('no cycle between modules') }),
      ]);
    });

    it('flags a cycle through three modules once, and no cycle where the imports go one way', () => {
      const files = new Map([
        ['src/modules/metering/application/a.ts', "import { B } from '@modules/billing';"],
        ['src/modules/billing/application/b.ts', "import { I } from '../../identity';"],
        ['src/modules/identity/application/c.ts', "import { M } from '@modules/metering';\nimport { S } from '@modules/staff';"],
        ['src/modules/staff/application/d.ts', "import { B } from '@modules/billing';"],
      ]);
      expect(moduleCycles(moduleGraph(root, files))).toEqual([
        ['billing', 'identity', 'metering'],
        ['billing', 'identity', 'staff'],
      ]);
      files.delete('src/modules/billing/application/b.ts');
      expect(checkImportRules(root, files)).toEqual([]);
    });

    it('flags a library that imports a bounded context', () => {
      const files = new Map([['libs/web/auth/x.ts', "import { IdentityModule } from '@modules/identity';"]]);
      expect(checkImportRules(root, files)).toEqual([expect.objectContaining({ file: 'libs/web/auth/x.ts', rule: 'a library does not import a bounded context' })]);
    });

    it("lets bench/ import only the listed internal files of modules, and nothing else in src/ import them", () => {
      const files = new Map([
        ['bench/readings-bare.ts', "import { SQL } from '@modules/metering/infrastructure/persistence/submission-statements';\nimport { A } from '../src/modules/identity/infrastructure/persistence/pg-subscriber-authenticator';"],
        ['bench/login.ts', "import { X } from '@modules/identity/application/demo-confirmation';\nimport { Y } from '@modules/identity';"],
        ['src/cli/x.ts', "import { SQL } from '@modules/metering/infrastructure/persistence/submission-statements';"],
      ]);
      expect(checkImportRules(root, files).map((v) => `${v.file} ${v.imports}`)).toEqual([
        'bench/login.ts @modules/identity/application/demo-confirmation',
        'src/cli/x.ts @modules/metering/infrastructure/persistence/submission-statements',
      ]);
    });

    it("flags a file outside a library reaching into the library's files, and allows its index and the library's own files", () => {
      const files = new Map([
        ['src/modules/identity/application/x.ts', "import { A } from '../../../../libs/security/tokens';\nimport { B } from '@app/security';\nimport { C } from '../../../../libs/web';"],
        ['libs/persistence/x.ts', "import { D } from '../messaging/queues';\nimport { E } from './outbox/outbox';"],
        ['bench/login.ts', "import { F } from '../libs/security/argon2-password-hasher';\nimport { G } from '../libs/security/tokens';"],
      ]);
      expect(checkImportRules(root, files).map((v) => `${v.file} ${v.imports}`)).toEqual([
        'src/modules/identity/application/x.ts ../../../../libs/security/tokens',
        'libs/persistence/x.ts ../messaging/queues',
        'bench/login.ts ../libs/security/tokens',
      ]);
    });

    it('flags production code importing a testing/ folder, its own module\'s or a library\'s, and lets tests and benches use them', () => {
      const files = new Map([
        ['src/modules/metering/application/commands/x/x.handler.ts', "import { aMeter } from '../../../testing/meter.mother';"],
        ['libs/persistence/x.ts', "import { FixedClock } from '@app/shared-kernel/testing';"],
        ['src/modules/metering/application/commands/x/x.handler.spec.ts', "import { aMeter } from '../../../testing/meter.mother';\nimport { FixedClock } from '@app/shared-kernel/testing';"],
        ['src/modules/identity/domain/x.spec.ts', "import { aContract } from '@modules/billing/testing/contract.mother';"],
        ['src/modules/billing/testing/x.mother.ts', "import { FixedClock } from '@app/shared-kernel/testing';"],
        ['bench/login.ts', "import { aContract } from '../src/modules/billing/testing/contract.mother';"],
      ]);
      expect(checkImportRules(root, files).map((v) => `${v.file} ${v.imports}`)).toEqual([
        'src/modules/metering/application/commands/x/x.handler.ts ../../../testing/meter.mother',
        'libs/persistence/x.ts @app/shared-kernel/testing',
      ]);
    });

    it("allows another module's index and a module's own internals", () => {
      const files = new Map([
        ['src/modules/metering/application/x.ts', "import { A } from '@modules/identity';\nimport { B } from '../../identity';\nimport { M } from '../domain/meter';"],
      ]);
      expect(checkImportRules(root, files)).toEqual([]);
    });
  });
});
