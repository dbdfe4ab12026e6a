/**
 * Links `node_modules/.bin/rasterduck` to this package's own CLI after a build. npm links
 * the bins of dependencies only, but users (and the acceptance kit) run the shell from a
 * clone as `node_modules/.bin/rasterduck`, so `npm install` in the repository makes it.
 */
import { chmodSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(root, 'dist', 'cli', 'main.js');
const binDir = path.join(root, 'node_modules', '.bin');
const link = path.join(binDir, 'rasterduck');

// installed as a dependency, npm links the bin itself: only act inside the repository
if (existsSync(path.join(root, 'node_modules')) && existsSync(cli)) {
  mkdirSync(binDir, { recursive: true });
  rmSync(link, { force: true });
  symlinkSync(path.relative(binDir, cli), link);
  chmodSync(cli, 0o755);
}
