#!/usr/bin/env node
/**
 * npm start            → builds when the sources changed, then runs the web process and the worker
 * npm run start:web    → the web process alone      npm run start:worker → the worker alone
 * node scripts/start.js cli <name> [args]          → a command of src/cli
 * node scripts/start.js build                       → only builds when the sources changed (npm run bench:* does it first)
 */
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { NODE_ENVIRONMENT, NODE_FLAGS } = require('./node-flags');

const root = join(__dirname, '..');
const stamp = join(root, 'dist', '.build-stamp');

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of ['src', 'libs']) walk(join(root, dir));
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json']) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  return newest;
}

function buildIfNeeded() {
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= newestSource()) return;
  process.stdout.write('Building (sources changed since the last build)…\n');
  const result = spawnSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('Build failed.\n');
    process.exit(result.status ?? 1);
  }
  writeFileSync(stamp, new Date().toISOString());
}

const [what = 'all', ...rest] = process.argv.slice(2);
buildIfNeeded();

const entry = { web: 'dist/src/main.js', worker: 'dist/src/worker.js' };
if (what === 'build') {
  // built above
} else if (what === 'cli') {
  const [name, ...args] = rest;
  process.argv = [process.argv[0], join(root, `dist/src/cli/${name}.js`), ...args];
  require(join(root, `dist/src/cli/${name}.js`));
} else if (what === 'all' || what === 'web' || what === 'worker') {
  // Children rather than this process, so that they run with the cabinet's V8 flags and malloc setting (scripts/node-flags.js).
  const children = Object.entries(entry)
    .filter(([name]) => what === 'all' || what === name)
    .map(([name, file]) => {
      const child = spawn(process.execPath, [...NODE_FLAGS, join(root, file)], { cwd: root, stdio: 'inherit', env: { ...NODE_ENVIRONMENT, ...process.env } });
      child.on('exit', (code, signal) => {
        if (!stopping) {
          if (what === 'all') process.stderr.write(`The ${name} process ended (${signal ?? code}); stopping the other.\n`);
          stop(code ?? 1);
        }
      });
      return child;
    });
  let stopping = false;
  let remaining = children.length;
  const stop = (code) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    const force = setTimeout(() => process.exit(code), 30_000);
    force.unref();
    for (const child of children) child.once('exit', () => (--remaining === 0 ? process.exit(code) : undefined));
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
} else {
  process.stderr.write(`Unknown target "${what}": use web, worker, cli <name>, or nothing for both.\n`);
  process.exit(2);
}
