/**
 * chipValues, chipMask and chipStats on chips whose answers are worked out by hand, and
 * chipStats against numpy's masked-array statistics on random data.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { chipMask, chipStats, chipValues, type ChipPixels } from '../../src/chip/values.js';

/** A 2-band 2x3 float32 chip: band 1 is 1..6 with pixel 3 masked, band 2 all masked but one NaN. */
function sample(): ChipPixels {
  const data = Float32Array.from([1, 2, 3, 4, 5, 6, -9, -9, NaN, -9, -9, -9]);
  const mask = Uint8Array.from([1, 1, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0]);
  return { data: new Uint8Array(data.buffer), dtype: 'float32', bands: 2, height: 2, width: 3, mask };
}

describe('chipValues and chipMask', () => {
  it('give the filled values as doubles and true where valid, band-major', () => {
    expect(Array.from(chipValues(sample()))).toEqual([1, 2, 3, 4, 5, 6, -9, -9, NaN, -9, -9, -9]);
    expect(chipMask(sample())).toEqual([true, true, false, true, true, true, false, false, true, false, false, false]);
  });

  it('read a BLOB that is not aligned for its dtype', () => {
    const { data, ...rest } = sample();
    const shifted = new Uint8Array(data.length + 1).fill(7);
    shifted.set(data, 1);
    expect(chipValues({ ...rest, data: shifted.subarray(1) })[4]).toBe(5);
  });

  it('refuse a chip whose data does not fit its shape', () => {
    expect(() => chipValues({ ...sample(), height: 3 })).toThrow(/inconsistent/);
  });
});

describe('chipStats', () => {
  it('counts only valid pixels; population std; NaN poisons its band; bands from 1', () => {
    const [b1, b2] = chipStats(sample());
    // valid 1, 2, 4, 5, 6: sum 18, mean 3.6, squares 6.76 + 2.56 + 0.16 + 1.96 + 5.76 = 17.2
    expect(b1).toMatchObject({ band: 1, count: 5, min: 1, max: 6, sum: 18 });
    expect(b1.mean).toBeCloseTo(3.6, 14);
    expect(b1.std).toBeCloseTo(Math.sqrt(17.2 / 5), 14);
    expect(b2).toMatchObject({ band: 2, count: 1, min: NaN, max: NaN, mean: NaN, sum: NaN });
  });

  it('gives nulls for a band with no valid pixel', () => {
    const chip = { ...sample(), mask: new Uint8Array(12) };
    expect(chipStats(chip)[0]).toEqual({ band: 1, count: 0, min: null, max: null, mean: null, std: null, sum: null });
  });

  it('agrees with numpy masked arrays', () => {
    const n = 3 * 40 * 50;
    const values = Int16Array.from({ length: n }, (_, i) => ((i * 7919) % 2001) - 1000);
    const mask = Uint8Array.from({ length: n }, (_, i) => ((i * 31) % 7 === 0 ? 0 : 1));
    const stats = chipStats({ data: new Uint8Array(values.buffer), dtype: 'int16', bands: 3, height: 40, width: 50, mask });
    const script = `
import json, sys, numpy as np
d = json.load(sys.stdin); v = np.array(d['v'], 'int16').reshape(3, -1); m = np.array(d['m'], bool).reshape(3, -1)
a = np.ma.array(v, mask=~m)
print(json.dumps([dict(count=int(a[b].count()), min=float(a[b].min()), max=float(a[b].max()), mean=float(a[b].mean()), std=float(a[b].std()), sum=float(a[b].sum())) for b in range(3)]))`;
    const run = spawnSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify({ v: Array.from(values), m: Array.from(mask) }) });
    const numpy = JSON.parse(run.stdout.toString()) as { count: number; min: number; max: number; mean: number; std: number; sum: number }[];
    stats.forEach((s, b) => {
      expect([s.count, s.min, s.max, s.sum]).toEqual([numpy[b].count, numpy[b].min, numpy[b].max, numpy[b].sum]);
      expect(s.mean).toBeCloseTo(numpy[b].mean, 10);
      expect(s.std).toBeCloseTo(numpy[b].std, 10);
    });
  });
});
