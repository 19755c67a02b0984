import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const { NODE_FLAGS } = require(join(root, 'scripts', 'node-flags.js')) as { NODE_FLAGS: string[] };

/**
 * The V8 flags the processes are measured with (scripts/node-flags.js, which scripts/start.js and the
 * benchmarks pass) are the ones every other way of starting them gives: the image, compose and the
 * systemd units of docs/operations.md. Some of them (--heap-growing-percent) are not allowed in
 * NODE_OPTIONS, so each command line names them.
 */
describe('the V8 flags of the cabinet processes', () => {
  const commandLines = {
    Dockerfile: read('Dockerfile').split('\n').filter((line) => line.startsWith('CMD')),
    'docker-compose.yml': read('docker-compose.yml').split('\n').filter((line) => /command: \["node"/.test(line)),
    'docs/operations.md': read('docs/operations.md').split('\n').filter((line) => line.startsWith('ExecStart=/usr/bin/node')),
  };

  it.each(Object.entries(commandLines))('are on every node command line of %s', (_file, lines) => {
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) for (const flag of NODE_FLAGS) expect(line).toContain(flag);
  });

  it('are not half given through NODE_OPTIONS', () => {
    for (const file of ['Dockerfile', 'docker-compose.yml', 'docs/operations.md']) expect(read(file)).not.toMatch(/NODE_OPTIONS=--/);
  });
});
