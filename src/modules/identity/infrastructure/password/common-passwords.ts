import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@app/persistence';

/** The committed list of common passwords (one a line, `#` comments), read once per process. */
export function loadCommonPasswords(): string[] {
  const file = join(projectRoot(), 'src', 'modules', 'identity', 'infrastructure', 'password', 'common-passwords.txt');
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
