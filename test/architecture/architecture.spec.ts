import { join } from 'node:path';
import { checkImportRules, projectSources } from './import-rules';

const root = join(__dirname, '..', '..');

describe('architecture', () => {
  it('keeps domain folders free of frameworks and modules apart (the whole project)', () => {
    const violations = checkImportRules(root, projectSources(root));
    expect(violations).toEqual([]);
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

    it("allows another module's index and a module's own internals", () => {
      const files = new Map([
        ['src/modules/metering/application/x.ts', "import { A } from '@modules/identity';\nimport { B } from '../../identity';\nimport { M } from '../domain/meter';"],
      ]);
      expect(checkImportRules(root, files)).toEqual([]);
    });
  });
});
