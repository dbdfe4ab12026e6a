/**
 * Deterministic mutations of TIFF bytes for the fuzz test: a seeded PRNG, an independent
 * walk that finds where the IFD fields are, and truncations, bit flips and extreme values.
 */
import { seededRandom } from '../../src/seeded-random.js';

/** A PRNG returning numbers in [0, 1). */
export type Rng = () => number;

/** mulberry32: tiny, fast and good enough to spread mutations. */
export const mulberry32: (seed: number) => Rng = seededRandom;

/** A field of the file's structure: where it is and how many bytes it has. */
export interface FieldPosition {
  readonly at: number;
  readonly size: 2 | 4 | 8;
  readonly what: 'first-ifd' | 'entry-count' | 'tag' | 'type' | 'count' | 'value' | 'next-ifd';
}

/** Finds the header fields of a valid TIFF by walking it (written apart from src/tiff on purpose). */
export function fieldPositions(bytes: Uint8Array): FieldPosition[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = bytes[0] === 0x49;
  const big = view.getUint16(2, le) === 43;
  const word = (at: number) => (big ? Number(view.getBigUint64(at, le)) : view.getUint32(at, le));
  const offsetSize = big ? 8 : 4;
  const fields: FieldPosition[] = [{ at: big ? 8 : 4, size: offsetSize, what: 'first-ifd' }];
  const seen = new Set<number>();
  for (let ifd = word(big ? 8 : 4); ifd !== 0 && !seen.has(ifd) && seen.size < 64; ) {
    seen.add(ifd);
    const count = big ? Number(view.getBigUint64(ifd, le)) : view.getUint16(ifd, le);
    fields.push({ at: ifd, size: big ? 8 : 2, what: 'entry-count' });
    const first = ifd + (big ? 8 : 2);
    for (let i = 0; i < count; i++) {
      const e = first + i * (big ? 20 : 12);
      fields.push({ at: e, size: 2, what: 'tag' }, { at: e + 2, size: 2, what: 'type' });
      fields.push({ at: e + 4, size: offsetSize, what: 'count' }, { at: e + 4 + offsetSize, size: offsetSize, what: 'value' });
    }
    const next = first + count * (big ? 20 : 12);
    fields.push({ at: next, size: offsetSize, what: 'next-ifd' });
    ifd = word(next);
  }
  return fields;
}

const EXTREME_SHORTS = [0, 1, 2, 3, 4, 5, 7, 11, 12, 13, 16, 17, 18, 19, 42, 43, 0x7fff, 0x8000, 0xffff];
const EXTREME_WORDS = [0, 1, 2, 3, 7, 8, 15, 16, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff];
const EXTREME_LONG8 = [2n ** 32n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n];

/** One mutated copy of `bytes` and a description to reproduce it. */
export function mutate(bytes: Uint8Array, fields: readonly FieldPosition[], rng: Rng): { bytes: Uint8Array; description: string } {
  const out = bytes.slice();
  const span = Math.min(out.length, fields.reduce((m, f) => Math.max(m, f.at + f.size), 16) + 64);
  const steps: string[] = [];
  const pick = rng();
  if (pick < 0.25) steps.push(...flipBits(out, span, rng));
  else if (pick < 0.4) steps.push(...randomBytes(out, span, rng));
  else if (pick < 0.85 && fields.length > 0) steps.push(...extremeFields(out, fields, rng));
  const cut = pick >= 0.85 || rng() < 0.15 ? Math.floor(rng() * span * 1.2) : out.length;
  if (cut < out.length) steps.push(`truncate at ${cut}`);
  return { bytes: out.subarray(0, cut), description: steps.join(', ') };
}

function flipBits(out: Uint8Array, span: number, rng: Rng): string[] {
  return Array.from({ length: 1 + Math.floor(rng() * 8) }, () => {
    const at = Math.floor(rng() * (rng() < 0.8 ? span : out.length));
    const bit = Math.floor(rng() * 8);
    out[at] ^= 1 << bit;
    return `flip bit ${bit} of byte ${at}`;
  });
}

function randomBytes(out: Uint8Array, span: number, rng: Rng): string[] {
  return Array.from({ length: 1 + Math.floor(rng() * 4) }, () => {
    const at = Math.floor(rng() * span);
    out[at] = Math.floor(rng() * 256);
    return `byte ${at} = ${out[at]}`;
  });
}

function extremeFields(out: Uint8Array, fields: readonly FieldPosition[], rng: Rng): string[] {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const le = out[0] === 0x49;
  return Array.from({ length: 1 + Math.floor(rng() * 3) }, () => {
    const f = fields[Math.floor(rng() * fields.length)];
    const choice = <T>(values: readonly T[]) => values[Math.floor(rng() * values.length)];
    const near = [out.length - 1, out.length, out.length + 1, Math.floor(rng() * out.length)];
    if (f.size === 2) {
      const v = choice([...EXTREME_SHORTS, Math.floor(rng() * 0x10000)]);
      view.setUint16(f.at, v, le);
      return `${f.what}@${f.at} = ${v}`;
    }
    if (f.size === 4) {
      const v = choice([...EXTREME_WORDS, ...near]);
      view.setUint32(f.at, v >>> 0, le);
      return `${f.what}@${f.at} = ${v >>> 0}`;
    }
    const v = choice([...EXTREME_WORDS.map(BigInt), ...near.map(BigInt), ...EXTREME_LONG8]);
    view.setBigUint64(f.at, v, le);
    return `${f.what}@${f.at} = ${v}`;
  });
}
