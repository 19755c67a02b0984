#!/usr/bin/env node
/**
 * Runs a benchmark from its TypeScript source: `node bench/run.js <name> [args]` runs bench/<name>.ts.
 * npm run bench:inbound, bench:login, bench:readings, bench:pdf and bench:peak build the cabinet first (scripts/start.js
 * build): the web and worker processes a benchmark measures run from dist, as in service. The
 * benchmarks themselves stay out of the production build and the image, so they load through ts-node
 * (transpile only, with bench/tsconfig.json; `npm run typecheck` checks their types) with the
 * project's path aliases (tsconfig-paths). A process a benchmark measures never runs this way: the
 * cabinet's run from dist, and bench:readings' bare endpoint is transpiled alone and run against dist
 * (support.ts, compiledAgainstDist), all with the V8 flags of scripts/node-flags.js.
 */
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const [name, ...args] = process.argv.slice(2);
const file = name && /^[a-z][a-z-]*$/.test(name) && name !== 'support' && name !== 'cabinet-client' ? join(__dirname, `${name}.ts`) : undefined;
if (!file || !existsSync(file)) {
  process.stderr.write(`Usage: node bench/run.js <inbound | login | readings | readings-bare | pdf | peak> [args] (got "${name ?? ''}")\n`);
  process.exit(2);
}

require('ts-node').register({ project: join(__dirname, 'tsconfig.json'), transpileOnly: true });
require('tsconfig-paths').register({ baseUrl: root, paths: require('../tsconfig.json').compilerOptions.paths });
process.argv = [process.argv[0], file, ...args];
require(file);
