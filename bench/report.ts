/**
 * report: reads every bench/results/*.json and writes bench/results/REPORT.md, with the
 * machine it ran on, each target of issues 6 and 7 met or missed, a chart of the speed ratios
 * (ratios.svg), time and memory against chips (scale.svg) and every benchmark's table.
 * bench/run.ts runs it after the benchmarks; alone: `npm run bench -- report`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { PYTHON } from './lib/gdal.js';
import { rowsTable, type BenchRow, type StepPoint } from './lib/report.js';
import { ratioChart, scaleChart, type RatioBar, type ScalePoint } from './lib/svg.js';
import type { ThreadProfile } from './lib/profile.js';

interface Result {
  readonly name: string;
  readonly date: string;
  readonly rows: readonly BenchRow[];
  readonly args?: Record<string, number | boolean>;
  readonly loadAverage?: unknown;
  readonly points?: readonly ScalePoint[];
  readonly profile?: readonly ThreadProfile[];
  readonly [extra: string]: unknown;
}

const DIR = path.resolve(process.env.RASTERDUCK_BENCH_RESULTS ?? path.join('bench', 'results'));
const results = new Map<string, Result>(
  readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()
    .map((f) => JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as Result)
    .map((r) => [r.name, r]),
);
const ratio = (r: BenchRow | undefined) => (r?.referenceMs ? r.referenceMs / r.rasterduckMs : undefined);
const x = (n: number | undefined, digits = 1) => (n === undefined ? '-' : `${n.toFixed(digits)}x`);

/** One target of issue 6 or 7: what it asks, what was measured, and whether it holds. */
interface Verdict { bench: string; target: string; measured: string; met: boolean | undefined }

function ratioTarget(bench: string, min: number, pick: (r: Result) => number | undefined, extra: (r: Result) => string = () => ''): Verdict {
  const r = results.get(bench);
  const value = r && pick(r);
  // a --quick run only checks that the script works: its sizes say nothing about a target
  const quick = r?.args?.quick === true ? ' (--quick run: sizes too small to judge)' : '';
  return { bench, target: `>= ${min}x`, measured: value === undefined ? 'not run' : `${x(value)}${extra(r as Result)}${quick}`, met: value === undefined || quick ? undefined : value >= min };
}

function scaleVerdict(): Verdict {
  const pts = results.get('scale')?.points ?? [];
  const target = 'time linear in chips, peak memory flat per batch';
  if (pts.length < 3 || results.get('scale')?.args?.quick) return { bench: 'scale', target, measured: pts.length ? `only ${pts.map((p) => p.chips).join(', ')} chips (quick run)` : 'not run', met: undefined };
  const [b, c] = pts.slice(-2);
  // linear: the time per chip does not rise from the second-largest size to the largest
  // (the fixed start-up makes it fall at small sizes; superlinear growth would make it rise)
  const perChip = (p: ScalePoint) => p.ms / p.chips;
  const linear = perChip(c) <= 1.25 * perChip(b);
  // flat: past one full DuckDB chunk (2048 rows, one wave) the peak should not grow
  const batch = pts.find((p) => p.chips >= 2048) ?? b;
  const rss = c.peakRssMb / batch.peakRssMb;
  const flat = rss <= 1.25;
  return {
    bench: 'scale', target,
    measured: `time per chip ${pts.map((p) => perChip(p).toFixed(2)).join(' / ')} ms at ${pts.map((p) => p.chips).join(' / ')} chips: ${linear ? 'linear' : 'NOT linear'}; ` +
      `peak RSS ${pts.map((p) => p.peakRssMb.toFixed(0)).join(' / ')} MiB, x${rss.toFixed(2)} from ${batch.chips} to ${c.chips} chips: ${flat ? 'flat' : 'NOT flat'}`,
    met: linear && flat,
  };
}

/**
 * Issue 7: each pipeline step's peak RSS at the largest area within 25% of its peak at a
 * quarter of that area. Not against 1x: there the mosaic is one block without neighbours,
 * and a predict_block block reaches its full read window (the block plus a patch halo on
 * every side) only once it has neighbours all round, from 16x on; past that, more area
 * must cost time, not memory.
 */
function memoryVerdict(): Verdict {
  const r = results.get('mosaic-memory');
  const steps = (r?.steps ?? []) as readonly StepPoint[];
  const target = 'peak RSS flat as the area grows, per step: largest area within 25% of a quarter of it (issue 7)';
  const names = [...new Set(steps.map((p) => p.step))];
  const lines = names.map((name) => {
    const pts = steps.filter((p) => p.step === name).sort((a, b) => a.area - b.area);
    const growth = pts[pts.length - 1].peakRssMb / pts[Math.max(0, pts.length - 2)].peakRssMb;
    return { flat: growth <= 1.25, text: `${name} ${pts.map((p) => p.peakRssMb.toFixed(0)).join(' / ')} MiB at ${pts.map((p) => `${p.area}x`).join(' / ')} (x${growth.toFixed(2)})` };
  });
  const measured = lines.length ? lines.map((l) => l.text).join('; ') : 'not run';
  if (!lines.length || r?.args?.quick) return { bench: 'mosaic-memory', target, measured: lines.length ? `${measured} (--quick run)` : measured, met: undefined };
  return { bench: 'mosaic-memory', target, measured, met: lines.every((l) => l.flat) };
}

const perChip = (r: Result) => ` (requests per chip ${(r.rows[0].requests / Number(r.args?.chips ?? 1)).toFixed(2)})`;
const verdicts: Verdict[] = [
  ratioTarget('cold-chips', 25, (r) => ratio(r.rows[0]), perChip),
  ratioTarget('ndvi-series', 10, (r) => ratio(r.rows[0])),
  ratioTarget('index-build', 10, (r) => ratio(r.rows[0]), (r) => ` (requests per file ${(r.rows[0].requests / Number(r.args?.files ?? 1)).toFixed(2)})`),
  ratioTarget('decode', 0.8, (r) => Math.min(...r.rows.map((row) => ratio(row) ?? Infinity)),
    (r) => ` for the slowest codec (${r.rows.map((row) => `${row.case.split(' ')[0]} ${x(ratio(row))}`).join(', ')})`),
  scaleVerdict(),
  memoryVerdict(),
];

function command(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'not available';
  }
}

function machine(): string[] {
  const duckdb = JSON.parse(readFileSync(path.resolve('node_modules/@duckdb/node-api/package.json'), 'utf8')) as { version: string };
  return [
    `- ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM; load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    `- Node ${process.version}, DuckDB ${duckdb.version} (@duckdb/node-api)`,
    `- GDAL / rasterio: ${command(PYTHON, ['-c', 'import rasterio; from osgeo import gdal; print("GDAL", gdal.__version__, "/ rasterio", rasterio.__version__)'])}`,
  ];
}

/** Ratio bars for every row measured against rasterio or GDAL (decode-crossover compares rasterduck with itself). */
function bars(): RatioBar[] {
  const targets: Record<string, number> = { 'cold-chips': 25, 'ndvi-series': 10, 'index-build': 10, decode: 0.8 };
  const out: RatioBar[] = [];
  for (const [name, r] of results) {
    if (name === 'decode-crossover') continue;
    r.rows.forEach((row, i) => {
      const value = ratio(row);
      const headline = name === 'decode' || i === 0;
      if (value !== undefined) out.push({ label: `${name}: ${row.case}`.slice(0, 80), ratio: value, target: headline ? targets[name] : undefined });
    });
  }
  return out;
}

function section(r: Result): string[] {
  const out = [`### ${r.name}`, '', `Run ${r.date}${r.args ? `, options \`${JSON.stringify(r.args)}\`` : ''}${r.loadAverage ? `, load average ${JSON.stringify(r.loadAverage)}` : ''}.`, '', ...rowsTable(r.rows), ''];
  for (const row of r.rows) if (row.note) out.push(`- ${row.case}: ${row.note}`);
  for (const key of ['agreement', 'difference', 'tuned']) if (r[key] !== undefined) out.push(`- ${key}: \`${JSON.stringify(r[key])}\``);
  if (r.profile?.length) {
    out.push('', `CPU profile of one rasterduck run (self time per function, busiest threads):`, '', '```');
    for (const t of r.profile.slice(0, 2)) {
      out.push(`${t.file}: ${t.spanMs.toFixed(0)} ms span, ${(t.spanMs - t.idleMs).toFixed(0)} ms busy`);
      for (const h of t.top.slice(0, 10)) out.push(`  ${h.ms.toFixed(1).padStart(8)} ms  ${h.fn}`);
    }
    out.push('```');
  }
  out.push('');
  return out;
}

const barList = bars();
if (barList.length) writeFileSync(path.join(DIR, 'ratios.svg'), ratioChart('rasterduck vs rasterio/GDAL, same machine, same files, same server', barList));
const scalePoints = results.get('scale')?.points;
if (scalePoints?.length) writeFileSync(path.join(DIR, 'scale.svg'), scaleChart('scale: cold chips from the collection, fresh process per run', scalePoints));

const md = [
  '# rasterduck benchmarks',
  '',
  `Written ${new Date().toISOString()} by bench/report.ts from bench/results/*.json (\`npm run bench\`; each benchmark's own date is in its section).`,
  'Both sides read the same files from the same local HTTP server, which adds a fixed latency to every request (see each benchmark); requests and bytes are counted at that server.',
  'Cold = a fresh process for each run on each side, its start-up included; warm = a second pass in the same process. Times are medians of the runs given in the options.',
  '',
  '## Machine',
  '',
  ...machine(),
  '',
  '## Targets (issues 6 and 7)',
  '',
  '| benchmark | target | measured | status |',
  '|---|---|---|---|',
  ...verdicts.map((v) => `| ${v.bench} | ${v.target} | ${v.measured} | ${v.met === undefined ? '-' : v.met ? 'met' : '**missed**'} |`),
  '',
  ...(barList.length ? ['## Speed ratios', '', '![speed ratios](ratios.svg)', ''] : []),
  ...(scalePoints?.length ? ['## Scale', '', '![time and memory against chips](scale.svg)', ''] : []),
  '## Results',
  '',
  ...[...results.values()].flatMap(section),
];
const file = path.join(DIR, 'REPORT.md');
writeFileSync(`${file}.tmp`, md.join('\n'));
renameSync(`${file}.tmp`, file);
process.stdout.write(`wrote ${path.relative(process.cwd(), file)}${existsSync(path.join(DIR, 'ratios.svg')) ? ' with ratios.svg' : ''}${scalePoints?.length ? ' and scale.svg' : ''}\n`);
