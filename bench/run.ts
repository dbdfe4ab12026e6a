/**
 * `npm run bench [-- NAME...] [--quick]`: runs the benchmarks one after another, each in
 * its own process tree so cold starts stay cold, then bench/report.ts, which writes
 * bench/results/REPORT.md from every result (`npm run bench -- report` writes it alone).
 * --quick runs small sizes once (CI uses it to keep the scripts working; nothing asserts
 * timings).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const argv = process.argv.slice(2);
const flags = argv.filter((a) => a.startsWith('--'));
const wanted = argv.filter((a) => !a.startsWith('--'));
// report.ts is not a benchmark: it runs last, over whatever results exist
const all = readdirSync(path.resolve('bench')).filter((f) => f.endsWith('.ts') && !f.startsWith('.') && f !== 'run.ts' && f !== 'report.ts').map((f) => f.replace(/\.ts$/, ''));
// fuzz-* are robustness campaigns (counts, no ratio; 100,000 mutants take ~25 min): run only when named
const timed = all.filter((b) => !b.startsWith('fuzz-'));
const benches = wanted.filter((w) => w !== 'report');
const chosen = benches.length ? all.filter((b) => benches.includes(b)) : wanted.length ? [] : timed;
if (benches.some((b) => !all.includes(b))) {
  process.stderr.write(`unknown benchmark(s): ${benches.filter((w) => !all.includes(w)).join(', ')} (have: ${all.join(', ')}, report)\n`);
  process.exit(2);
}
let failed = 0;
const run = (name: string) => spawnSync(process.execPath, ['--import', 'tsx', path.resolve('bench', `${name}.ts`), ...flags], { stdio: 'inherit' }).status === 0;
for (const name of chosen) {
  process.stdout.write(`\n## ${name}\n`);
  const start = performance.now();
  if (!run(name)) failed++;
  process.stdout.write(`(${name}: ${((performance.now() - start) / 1000).toFixed(0)} s)\n`);
}
process.stdout.write('\n## report\n');
if (!run('report')) failed++;
process.exit(failed ? 1 : 0);
