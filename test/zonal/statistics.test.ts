// Zone statistics against numpy (percentile, median, std) and hand calculation (ties, empty zones).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseStat } from '../../src/zonal/stat-spec.js';
import { zoneStats } from '../../src/zonal/statistics.js';

const specs = (names: string[], sedona = false) => names.map((n) => parseStat(n, sedona));

describe('zoneStats', () => {
  it('equals numpy on random samples: percentiles (linear), median, std (ddof 0 and 1)', () => {
    const samples = [[5], [1, 2], [3, 1, 2], Array.from({ length: 101 }, (_, i) => ((i * 7919) % 113) / 7 - 3), Array.from({ length: 64 }, (_, i) => Math.round(Math.sin(i) * 1000) / 10)];
    const qs = [0, 1, 12.5, 25, 33.3, 50, 66.6, 90, 99, 100];
    const py = `
import json, sys, numpy as np
out = []
for s in json.loads(sys.argv[1]):
    a = np.array(s, dtype='float64')
    out.append([float(np.percentile(a, q)) for q in ${JSON.stringify(qs)}] + [float(np.median(a)), float(np.std(a)), float(np.std(a, ddof=1)) if a.size > 1 else None])
print(json.dumps(out))`;
    const expected = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, JSON.stringify(samples)], { encoding: 'utf8' })) as (number | null)[][];
    samples.forEach((s, k) => {
      const got = zoneStats(specs([...qs.map((q) => `percentile_${q}`), 'median', 'std', 'stddev'], true), Float64Array.from(s), s.length);
      got.slice(0, qs.length + 1).forEach((v, i) => expect(v, `sample ${k} stat ${i}`).toBe(expected[k][i]));
      got.slice(qs.length + 1).forEach((v, i) => {
        const want = expected[k][qs.length + 1 + i];
        if (want === null) expect(v).toBeNull();
        else expect(Math.abs((v as number) - want)).toBeLessThan(1e-12 * Math.max(1, Math.abs(want)));
      });
    });
  });

  it('breaks majority and minority ties towards the smallest value, Sedona mode towards the largest', () => {
    const v = Float64Array.from([9, 2, 9, 2, 5, 7]);
    expect(zoneStats(specs(['majority', 'minority', 'mode'], true), v, 6)).toEqual([2, 5, 9]);
    expect(zoneStats(specs(['histogram']), v, 6)).toEqual([[[2, 2], [5, 1], [7, 1], [9, 2]]]);
  });

  it('gives count 0, an empty histogram and NULL elsewhere for an empty zone; valid_fraction is NULL only with nothing inside', () => {
    const names = ['count', 'sum', 'mean', 'min', 'std', 'median', 'percentile_10', 'majority', 'histogram', 'valid_fraction'];
    expect(zoneStats(specs(names), new Float64Array(0), 12)).toEqual([0, null, null, null, null, null, null, null, [], 0]);
    expect(zoneStats(specs(['valid_fraction']), new Float64Array(0), 0)).toEqual([null]);
    expect(zoneStats(specs(['count', 'sum', 'mean', 'min', 'max', 'valid_fraction']), Float64Array.from([1, 2, 6]), 4)).toEqual([3, 9, 3, 1, 6, 0.75]);
  });

  it('refuses unknown names and percentiles past 100; Sedona names only where asked', () => {
    expect(() => parseStat('percentile_101')).toThrow(/unknown statistic 'percentile_101'/);
    expect(() => parseStat('stddev')).toThrow(/unknown statistic 'stddev'. Use one of count/);
    expect(parseStat('AVG', true)).toEqual({ kind: 'mean' });
    expect(parseStat('Percentile_99.5')).toEqual({ kind: 'percentile', q: 99.5 });
  });
});
