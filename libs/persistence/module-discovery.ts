import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { codeRoot, runningFromSources } from './project-root';

const SKIP = new Set(['node_modules', 'dist', 'test', 'coverage']);

/**
 * Finds files by suffix under src/ and libs/ and loads them with plain `require`, so that the same
 * discovery works from compiled dist and under ts-jest (MikroORM's own glob discovery uses a dynamic
 * `import()` that jest cannot transform).
 */
export function requireAll(suffix: string, roots: string[] = ['src', 'libs']): Array<Record<string, unknown>> {
  const extension = runningFromSources ? '.ts' : '.js';
  const found: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!SKIP.has(entry.name)) walk(join(dir, entry.name));
      } else if (entry.name.endsWith(`${suffix}${extension}`) && !entry.name.endsWith('.d.ts')) {
        found.push(join(dir, entry.name));
      }
    }
  };
  for (const root of roots) walk(join(codeRoot(), root));
  return found.sort().map((file) => require(file) as Record<string, unknown>);
}
