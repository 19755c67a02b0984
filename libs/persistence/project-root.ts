import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/** The folder holding package.json, whether running from sources (ts) or from dist (js). */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${__dirname}`);
    dir = parent;
  }
  cached = dir;
  return dir;
}

/** True when this code runs from TypeScript sources (ts-jest, ts-node) rather than compiled dist. */
export const runningFromSources = __filename.endsWith('.ts');

/** The folder compiled code of the project lives under: the project root, or dist/. */
export function codeRoot(): string {
  return runningFromSources ? projectRoot() : join(projectRoot(), 'dist');
}
