/**
 * Where the time went: reads the .cpuprofile files node's --cpu-prof wrote (one per
 * thread) and sums self time per function, so a missed target comes with its profile.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** One function's self time in one thread's profile, in milliseconds. */
export interface HotSpot {
  readonly fn: string;
  readonly ms: number;
}

/** One thread's profile: its file, wall span and busiest functions by self time. */
export interface ThreadProfile {
  readonly file: string;
  readonly spanMs: number;
  readonly idleMs: number;
  readonly top: readonly HotSpot[];
}

const where = (n: ProfileNode): string => {
  const { functionName, url, lineNumber } = n.callFrame;
  const file = url.replace(/^.*\/(dist|src|node_modules)\//, '$1/');
  return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
};

/** Self time per function of one profile, busiest first; `(idle)` and `(program)` kept apart. */
export function summarise(file: string, limit = 12): ThreadProfile {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const key = where(byId.get(id) as ProfileNode);
    self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  const idleMs = self.get('(idle)') ?? 0;
  const top = [...self].filter(([fn]) => fn !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, limit).map(([fn, ms]) => ({ fn, ms }));
  return { file: path.basename(file), spanMs: (p.endTime - p.startTime) / 1000, idleMs, top };
}

/** Summaries of every .cpuprofile in `dir`, the busiest thread first. */
export function summariseDir(dir: string, limit = 12): ThreadProfile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => summarise(path.join(dir, f), limit))
    .sort((a, b) => b.spanMs - b.idleMs - (a.spanMs - a.idleMs));
}

/** Prints the summaries as text: per thread, its busy time and top functions. */
export function printProfiles(title: string, threads: readonly ThreadProfile[]): void {
  const out = [`\n#### profile: ${title}`];
  for (const t of threads) {
    out.push(`${t.file}: ${t.spanMs.toFixed(0)} ms span, ${(t.spanMs - t.idleMs).toFixed(0)} ms busy`);
    for (const h of t.top) out.push(`  ${h.ms.toFixed(1).padStart(8)} ms  ${h.fn}`);
  }
  process.stdout.write(out.join('\n') + '\n');
}
