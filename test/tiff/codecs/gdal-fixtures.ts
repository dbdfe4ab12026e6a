/**
 * Builds GeoTIFFs with Debian's GDAL (make-fixtures.py) and hands back, per block, the
 * stored bytes GDAL reports (BLOCK_OFFSET/BLOCK_SIZE) and the samples rasterio reads.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TiffImage } from '../../../src/tiff/tiff-image.js';

/** One file to write: GDAL creation options in plain fields. */
export interface FixtureCase {
  name: string;
  dtype: string;
  bands: number;
  width: number;
  height: number;
  compress: string;
  block: [number, number];
  predictor?: number;
  endian?: 'LITTLE' | 'BIG';
  tiled?: boolean;
  interleave?: 'PIXEL' | 'BAND';
  smooth?: boolean;
  nan?: boolean;
  alpha?: boolean;
  options?: string[];
}

export interface FixtureBlock {
  index: number;
  /** The stored (compressed) bytes of the block. */
  bytes: Uint8Array;
  /** Valid pixels of the block (edge tiles are partly outside the image). */
  width: number;
  height: number;
  /** rasterio's read of the window, little-endian (bands, rows, cols) samples. */
  expected: Uint8Array;
}

export interface Fixture {
  case: FixtureCase;
  path: string;
  littleEndian: boolean;
  image: TiffImage;
  blocks: FixtureBlock[];
}

interface RawImage extends Omit<TiffImage, 'jpegTables'> {
  jpegTables?: string;
}

const SCRIPT = fileURLToPath(new URL('./make-fixtures.py', import.meta.url));

/** Writes the cases into a temp dir; call `cleanup` when done. */
export function makeFixtures(cases: FixtureCase[]): { fixtures: Fixture[]; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'rasterduck-codecs-'));
  const run = spawnSync('/usr/bin/python3', [SCRIPT, dir], { input: JSON.stringify(cases), maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`make-fixtures.py failed: ${run.stderr.toString().slice(-2000)}`);
  const out = run.stdout;
  const manifest = JSON.parse(out.toString()) as Array<Omit<Fixture, 'image' | 'blocks'> & {
    image: RawImage;
    blocks: Array<{ index: number; offset: number; size: number; width: number; height: number; expected: string }>;
  }>;
  const fixtures = manifest.map((m) => {
    const file = readFileSync(m.path);
    const { jpegTables, ...rest } = m.image;
    const image: TiffImage = { ...rest, ...(jpegTables ? { jpegTables: Buffer.from(jpegTables, 'base64') } : {}) };
    const blocks = m.blocks.map((b) => ({
      index: b.index,
      bytes: new Uint8Array(file.subarray(b.offset, b.offset + b.size)),
      width: b.width,
      height: b.height,
      expected: new Uint8Array(readFileSync(join(dir, b.expected))),
    }));
    return { case: m.case, path: m.path, littleEndian: m.littleEndian, image, blocks };
  });
  return { fixtures, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
