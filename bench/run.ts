/**
 * `npm run bench [-- NAME...] [--quick]`: runs the benchmarks one after another, each in
 * its own process tree so cold starts stay cold. --quick runs small sizes once (CI uses it
 * to keep the scripts working; nothing asserts timings).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const argv = process.argv.slice(2);
const flags = argv.filter((a) => a.startsWith('--'));
const wanted = argv.filter((a) => !a.startsWith('--'));
const all = readdirSync(path.resolve('bench')).filter((f) => f.endsWith('.ts') && f !== 'run.ts').map((f) => f.replace(/\.ts$/, ''));
const chosen = wanted.length ? all.filter((b) => wanted.includes(b)) : all;
if (wanted.length && chosen.length !== wanted.length) {
  process.stderr.write(`unknown benchmark(s): ${wanted.filter((w) => !all.includes(w)).join(', ')} (have: ${all.join(', ')})\n`);
  process.exit(2);
}
let failed = 0;
for (const name of chosen) {
  process.stdout.write(`\n## ${name}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('bench', `${name}.ts`), ...flags], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
