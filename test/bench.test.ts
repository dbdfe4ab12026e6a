// The benchmark suite still runs (issue 6: CI runs `npm run bench -- --quick` so it cannot
// rot). Nothing here looks at a timing; results go to a temporary folder, not bench/results.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('benchmarks', () => {
  it('every benchmark and the report run in --quick mode', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'rd-bench-'));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick'], {
      encoding: 'utf8', timeout: 1_500_000, env: { ...process.env, RASTERDUCK_BENCH_RESULTS: out },
    });
    expect(r.status, `${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`).toBe(0);
    expect(readdirSync(out).filter((f) => f.endsWith('.json')).length).toBeGreaterThanOrEqual(6);
    expect(existsSync(path.join(out, 'REPORT.md'))).toBe(true);
  }, 1_500_000);
});
