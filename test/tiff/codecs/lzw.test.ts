/**
 * LZW on data with long runs, written by GDAL: runs make codes whose strings copy from
 * the bytes being written (KwKwK), which noisy fixtures rarely reach at lengths that take
 * the decoder's long-copy path. Expected values are the arrays GDAL was given.
 * Skipped without GDAL.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { unLzw } from '../../../src/tiff/codecs/lzw.js';

const hasGdal = spawnSync('/usr/bin/python3', ['-c', 'import osgeo'], { stdio: 'ignore' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'rasterduck-lzw-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Case { name: string; stored: string; expected: string }

function cases(): Case[] {
  const script = fileURLToPath(new URL('./lzw-runs.py', import.meta.url));
  const run = spawnSync('/usr/bin/python3', [script, dir], { maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`lzw-runs.py failed: ${run.stderr.toString()}`);
  return JSON.parse(run.stdout.toString()) as Case[];
}

describe.skipIf(!hasGdal)('unLzw on long runs', () => {
  const all = hasGdal ? cases() : [];
  it.each(all.map((c) => [c.name, c] as const))('%s equals the array GDAL wrote', (_, c) => {
    const expected = new Uint8Array(Buffer.from(c.expected, 'base64'));
    const got = unLzw(new Uint8Array(Buffer.from(c.stored, 'base64')), expected.length);
    expect(got.length).toBe(expected.length);
    expect(Buffer.compare(Buffer.from(got), Buffer.from(expected))).toBe(0);
  });
});
