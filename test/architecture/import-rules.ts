import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface Violation {
  file: string;
  imports: string;
  rule: string;
}

const FRAMEWORKS = [/^@nestjs\//, /^@mikro-orm\//, /^bullmq$/, /^playwright-core$/, /^ioredis$/, /^pg$/, /^express/];

/** Every import, export-from, dynamic import and require of a TypeScript source. */
export function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((file) => file.fileName);
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/**
 * Resolves a specifier to a project path (posix, relative to the root), or undefined for packages.
 * `@modules/x` is the public facade `src/modules/x/index`.
 */
function resolveSpecifier(root: string, fromFile: string, specifier: string): string | undefined {
  if (specifier.startsWith('@modules/')) return `src/modules/${specifier.slice('@modules/'.length)}`;
  if (specifier.startsWith('@app/')) {
    const name = specifier.slice('@app/'.length);
    return name === 'config' ? 'src/config' : `libs/${name}`;
  }
  if (specifier.startsWith('.')) return toPosix(relative(root, resolve(dirname(join(root, fromFile)), specifier)));
  return undefined;
}

function moduleOf(path: string): { name: string; rest: string } | undefined {
  const match = /^src\/modules\/([^/]+)(?:\/(.*))?$/.exec(path);
  return match ? { name: match[1], rest: match[2] ?? '' } : undefined;
}

/** Which modules each module imports (through their index.ts or not), by module name. */
export function moduleGraph(root: string, files: Map<string, string>): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [file, source] of files) {
    const ownModule = moduleOf(file);
    if (!ownModule) continue;
    const edges = graph.get(ownModule.name) ?? new Set<string>();
    graph.set(ownModule.name, edges);
    for (const specifier of importsOf(source)) {
      const target = resolveSpecifier(root, file, specifier);
      const targetModule = target ? moduleOf(target) : undefined;
      if (targetModule && targetModule.name !== ownModule.name) edges.add(targetModule.name);
    }
  }
  return graph;
}

/**
 * The cycles of the module graph, each as the modules on it in import order (["identity", "billing"]:
 * identity imports billing, which imports identity back), each cycle once, starting from its first
 * module in alphabetical order.
 */
export function moduleCycles(graph: Map<string, Set<string>>): string[][] {
  const cycles = new Map<string, string[]>();
  const walk = (start: string, path: string[]): void => {
    for (const next of graph.get(path[path.length - 1]) ?? []) {
      if (next === start) {
        const cycle = [...path];
        cycles.set(cycle.join(' → '), cycle);
      } else if (next > start && !path.includes(next)) {
        walk(start, [...path, next]);
      }
    }
  };
  // A cycle is found once: from its smallest module, through modules greater than it only.
  for (const start of [...graph.keys()].sort()) walk(start, [start]);
  return [...cycles.values()];
}

function libraryOf(path: string): { name: string; rest: string } | undefined {
  const match = /^libs\/([^/]+)(?:\/(.*))?$/.exec(path);
  return match ? { name: match[1], rest: match[2] ?? '' } : undefined;
}

/** Test support: mothers, builders and fakes live in testing/ folders, which the build leaves out. */
function isTestSupport(path: string): boolean {
  return /(^|\/)testing(\/|$)/.test(path);
}

/** Code that may use test support: unit tests, test support itself, the benchmarks and test/. */
function isTestCode(file: string): boolean {
  return /\.spec\.ts$/.test(file) || isTestSupport(file) || file.startsWith('bench/') || file.startsWith('test/');
}

/** True for the folder itself or its index.ts: what others may import of a module or a library. */
function isFacade(rest: string): boolean {
  return ['', 'index'].includes(rest.replace(/\.ts$/, ''));
}

/**
 * The internal files of modules and libraries that the benchmarks may import (and nothing else may):
 * the bare reference endpoint of bench:readings runs the adapters' very statement texts, bench:login
 * hashes with the cabinet's argon2 parameters, and no index exports them for a benchmark. Paths
 * relative to the root, without the extension.
 */
export const BENCH_MAY_IMPORT = [
  'src/modules/metering/infrastructure/persistence/submission-statements',
  'src/modules/identity/infrastructure/persistence/pg-subscriber-authenticator',
  'libs/security/argon2-password-hasher',
  // bench:pdf: raw Chromium launched as the worker launches it, on the HTML of the worker's layout
  'libs/documents/chromium-pdf-renderer',
  'libs/documents/chromium-executable',
  'libs/documents/pdf.processor',
];

/** Checks the house rules on a set of files (path relative to root → source). */
export function checkImportRules(root: string, files: Map<string, string>): Violation[] {
  const violations: Violation[] = [];
  for (const cycle of moduleCycles(moduleGraph(root, files))) {
    violations.push({
      file: `src/modules/${cycle[0]}`,
      imports: [...cycle, cycle[0]].map((name) => `@modules/${name}`).join(' → '),
      rule: 'no cycle between modules: a need that goes both ways is a port in libs/ or an integration event',
    });
  }
  for (const [file, source] of files) {
    const isDomain = /(^|\/)domain\//.test(file) || file.startsWith('libs/shared-kernel/');
    const ownModule = moduleOf(file);
    const ownLibrary = libraryOf(file);
    for (const specifier of importsOf(source)) {
      if (isDomain && FRAMEWORKS.some((pattern) => pattern.test(specifier))) {
        violations.push({ file, imports: specifier, rule: 'a domain folder imports no framework (@nestjs, @mikro-orm, bullmq, playwright-core, …)' });
      }
      const target = resolveSpecifier(root, file, specifier);
      if (!target) continue;
      const targetModule = moduleOf(target);
      const targetLibrary = libraryOf(target);
      const allowedForBench = file.startsWith('bench/') && BENCH_MAY_IMPORT.includes(target.replace(/\.ts$/, ''));
      if (isTestSupport(target) && !isTestCode(file)) {
        violations.push({ file, imports: specifier, rule: 'production code does not import test support (testing/ folders are left out of the build)' });
        continue;
      }
      // Test code may use any module's or library's mothers and fakes.
      if (isTestSupport(target)) continue;
      if (targetModule && ownModule?.name !== targetModule.name && !isFacade(targetModule.rest) && !allowedForBench) {
        violations.push({ file, imports: specifier, rule: `another module is reached only through its index.ts (import "@modules/${targetModule.name}")` });
      }
      if (targetLibrary && ownLibrary?.name !== targetLibrary.name && !isFacade(targetLibrary.rest) && !allowedForBench) {
        violations.push({ file, imports: specifier, rule: `a library is reached from outside only through its index.ts (import "@app/${targetLibrary.name}")` });
      }
      if (file.startsWith('libs/') && targetModule) {
        violations.push({ file, imports: specifier, rule: 'a library does not import a bounded context' });
      }
      if (isDomain && target.startsWith('libs/') && !target.startsWith('libs/shared-kernel')) {
        violations.push({ file, imports: specifier, rule: 'a domain folder imports only the shared kernel among the libraries' });
      }
    }
  }
  return violations;
}

/** The project's own TypeScript sources under src/, libs/ and bench/ (unit tests included). */
export function projectSources(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) files.set(path, readFileSync(join(root, path), 'utf8'));
    }
  };
  walk('src');
  walk('libs');
  walk('bench');
  return files;
}
