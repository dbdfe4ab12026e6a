import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coalesceRanges, DEFAULT_GAP_BYTES, sliceFetched } from '../../src/planner/coalesce-ranges.js';

const range = fc.record({ offset: fc.nat(5000), length: fc.nat(300) });
const options = fc.record({ gapBytes: fc.nat(200), maxFetchBytes: fc.integer({ min: 1, max: 2000 }) });

/** The file every property reads: byte i is i mod 251 (a prime, so offsets cannot alias). */
function fileBytes(size: number): Uint8Array {
  return Uint8Array.from({ length: size }, (_, i) => i % 251);
}

/** Serves each fetch from the file, cut short at its end as a real reader would. */
function fetchAll(file: Uint8Array, fetches: readonly { offset: number; length: number }[]): Uint8Array[] {
  return fetches.map((f) => file.subarray(f.offset, f.offset + f.length));
}

describe('coalesceRanges', () => {
  it('covers every non-empty request with one fetch, sorted and disjoint', () => {
    fc.assert(
      fc.property(fc.array(range, { maxLength: 60 }), options, (ranges, opts) => {
        const plan = coalesceRanges(ranges, opts);
        for (let i = 1; i < plan.fetches.length; i++) {
          const prev = plan.fetches[i - 1];
          expect(plan.fetches[i].offset).toBeGreaterThan(prev.offset + prev.length - 1);
        }
        ranges.forEach((r, i) => {
          const s = plan.slices[i];
          if (r.length === 0) return expect(s.length).toBe(0);
          const f = plan.fetches[s.fetch];
          expect(f.offset + s.start).toBe(r.offset);
          expect(s.start + s.length).toBeLessThanOrEqual(f.length);
        });
        expect(plan.slices).toHaveLength(ranges.length);
      }),
    );
  });

  it('leaves more than gapBytes between neighbouring fetches unless the cap split them', () => {
    fc.assert(
      fc.property(fc.array(range, { maxLength: 60 }), fc.nat(200), (ranges, gapBytes) => {
        const { fetches } = coalesceRanges(ranges, { gapBytes, maxFetchBytes: Number.MAX_SAFE_INTEGER });
        for (let i = 1; i < fetches.length; i++) {
          expect(fetches[i].offset - (fetches[i - 1].offset + fetches[i - 1].length)).toBeGreaterThan(gapBytes);
        }
      }),
    );
  });

  it('fetches no byte farther than gapBytes from a requested byte', () => {
    fc.assert(
      fc.property(fc.array(range, { maxLength: 40 }), options, (ranges, opts) => {
        const { fetches } = coalesceRanges(ranges, opts);
        const wanted = ranges.filter((r) => r.length > 0);
        const fetched = fetches.reduce((n, f) => n + f.length, 0);
        const requestedSpan = new Set(wanted.flatMap((r) => Array.from({ length: r.length }, (_, k) => r.offset + k))).size;
        const gaps = Math.max(0, wanted.length - 1) * opts.gapBytes;
        expect(fetched).toBeLessThanOrEqual(requestedSpan + gaps);
      }),
    );
  });

  it('slices back exactly the requested bytes, short at the end of the file', () => {
    fc.assert(
      fc.property(fc.array(range, { maxLength: 60 }), options, fc.nat(5500), (ranges, opts, size) => {
        const file = fileBytes(size);
        const plan = coalesceRanges(ranges, opts);
        const out = sliceFetched(plan, fetchAll(file, plan.fetches));
        ranges.forEach((r, i) => expect(Array.from(out[i])).toEqual(Array.from(file.subarray(r.offset, r.offset + r.length))));
      }),
    );
  });

  it('merges by the default 32 KiB gap: two tiles 32 KiB apart are one fetch, 32 KiB + 1 are two', () => {
    const a = { offset: 0, length: 100 };
    expect(coalesceRanges([a, { offset: 100 + DEFAULT_GAP_BYTES, length: 10 }]).fetches).toEqual([{ offset: 0, length: 110 + DEFAULT_GAP_BYTES }]);
    expect(coalesceRanges([a, { offset: 101 + DEFAULT_GAP_BYTES, length: 10 }]).fetches).toHaveLength(2);
  });

  it('handles duplicates, overlaps, unsorted input and zero-length requests', () => {
    const ranges = [
      { offset: 500, length: 10 },
      { offset: 0, length: 10 },
      { offset: 0, length: 10 },
      { offset: 5, length: 20 },
      { offset: 9999, length: 0 },
    ];
    const plan = coalesceRanges(ranges, { gapBytes: 0 });
    expect(plan.fetches).toEqual([
      { offset: 0, length: 25 },
      { offset: 500, length: 10 },
    ]);
    expect(plan.slices).toEqual([
      { fetch: 1, start: 0, length: 10 },
      { fetch: 0, start: 0, length: 10 },
      { fetch: 0, start: 0, length: 10 },
      { fetch: 0, start: 5, length: 20 },
      { fetch: -1, start: 0, length: 0 },
    ]);
    expect(coalesceRanges([]).fetches).toEqual([]);
  });

  it('keeps a single range above the cap whole and starts a new fetch after it', () => {
    const plan = coalesceRanges([{ offset: 0, length: 50 }, { offset: 50, length: 10 }], { maxFetchBytes: 40 });
    expect(plan.fetches).toEqual([{ offset: 0, length: 50 }, { offset: 50, length: 10 }]);
  });

  it('refuses negative or fractional spans and mismatched fetch results', () => {
    expect(() => coalesceRanges([{ offset: -1, length: 1 }])).toThrow(RangeError);
    expect(() => coalesceRanges([{ offset: 0, length: 1.5 }])).toThrow(/range 0/);
    expect(() => sliceFetched(coalesceRanges([{ offset: 0, length: 1 }]), [])).toThrow(RangeError);
  });
});
