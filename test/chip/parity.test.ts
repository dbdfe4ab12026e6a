/**
 * The correctness contract: for every readable file of the fixture matrix, every chip
 * equals `rasterio.mask.mask(src, [geom], crop=True, filled=True)` (shape, transform,
 * values, and the valid mask from raster_geometry_mask + read(masked=True)), with
 * all_touched both ways on a subset, read by URL and again from the file's cog_metadata
 * record. Files the manifest marks as chip refusals must be
 * refused with a message naming the file.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Chip } from '../../src/chip/chip.js';
import { readChipRows } from '../../src/chip/read-chip-rows.js';
import { toWkb } from '../../src/geo/wkb.js';
import { openReader } from '../../src/io/open-reader.js';
import { cogMetadataOf, type CogMetadata } from '../../src/tiff/cog-metadata.js';
import { readTiffHeader } from '../../src/tiff/header.js';
import { fixturePath, loadManifest, type FixtureSpec } from '../fixtures/fixtures.js';
import { ensureExpectedChips, expectedChips, type ExpectedCase } from './chip-expected.js';
import { compareChip } from './compare-chip.js';

/**
 * The largest value difference allowed for JPEG and lossy WebP. The decoders are the C
 * libraries GDAL links (libjpeg-turbo, libwebp) built to WASM, and they measured 0 on
 * every case, so the bound is 0: a difference would mean a wrong decode, not rounding.
 */
const LOSSY_BOUND = 0;

const files = loadManifest().files;
const readable = files.filter((f) => !f.refusal && !f.chip_refusal);
const refused = files.filter((f) => f.chip_refusal && f.hostile !== 'cut_data');

beforeAll(() => {
  ensureExpectedChips();
}, 300_000);

/** cog_metadata's record of a file, cloned as it would cross the bridge. */
async function metadataOf(spec: FixtureSpec): Promise<CogMetadata> {
  return structuredClone(cogMetadataOf(await readTiffHeader(openReader(fixturePath(spec.name)))));
}

async function ourChips(spec: FixtureSpec, cases: readonly ExpectedCase[], allTouched: boolean, metadata?: CogMetadata): Promise<Map<ExpectedCase, Chip | null>> {
  const picked = cases.filter((c) => c.all_touched === allTouched);
  const requests = picked.map((c) => ({ url: fixturePath(spec.name), wkb: toWkb(c.geometry), geometryCrs: c.geometry_crs, metadata }));
  const outcomes = await readChipRows({ requests, allTouched });
  const out = new Map<ExpectedCase, Chip | null>();
  outcomes.forEach((o, i) => {
    if (!o.ok) throw new Error(`${picked[i].name}: ${o.error.reason}`);
    out.set(picked[i], o.value);
  });
  return out;
}

/** Byte-for-byte equality (toEqual walks a 6 MB chip element by element far too slowly). */
function sameChip(a: Chip | null, b: Chip | null): boolean {
  if (a === null || b === null) return a === b;
  const { data: da, mask: ma, ...ra } = a;
  const { data: db, mask: mb, ...rb } = b;
  return JSON.stringify(ra) === JSON.stringify(rb) && Buffer.from(da).equals(Buffer.from(db)) && Buffer.from(ma).equals(Buffer.from(mb));
}

const totals = { cases: 0, exactTransforms: 0, lossyMax: 0, files: 0 };

describe('chips equal rasterio.mask.mask for every readable fixture', () => {
  it.each(readable.map((f) => [f.name, f] as const))('%s', async (_name, spec) => {
    const cases = expectedChips(spec.name);
    const got = new Map([...(await ourChips(spec, cases, false)), ...(await ourChips(spec, cases, true))]);
    const failures: string[] = [];
    for (const c of cases) {
      const d = compareChip(got.get(c) ?? null, c, spec.lossy ? LOSSY_BOUND : 0);
      if (d.problems.length > 0) failures.push(`${c.name}${c.all_touched ? ' (all_touched)' : ''}: ${d.problems.join('; ')}`);
      if (spec.lossy) totals.lossyMax = Math.max(totals.lossyMax, d.maxAbsDiff);
      totals.cases++;
      if (d.exactTransform) totals.exactTransforms++;
    }
    totals.files++;
    expect(failures).toEqual([]);
    // the same chips from a cached metadata record (no header request)
    const fromRecord = await ourChips(spec, cases, false, await metadataOf(spec));
    const differ = [...fromRecord].filter(([c, chip]) => !sameChip(chip, got.get(c) ?? null)).map(([c]) => c.name);
    expect(differ).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  it('covered every readable file', () => {
    console.log(`chip parity: ${totals.cases} cases over ${totals.files} files; transforms bit-identical in ${totals.exactTransforms}; largest lossy difference ${totals.lossyMax}`);
    expect(totals.files).toBe(readable.length);
    expect(totals.cases).toBeGreaterThan(1000);
  });
});

describe('files the manifest says a chip read must refuse', () => {
  it.each(refused.map((f) => [f.name, f] as const))('%s is refused with a message naming it', async (name, spec) => {
    const [o] = await readChipRows({ requests: [{ url: fixturePath(name), wkb: toWkb({ type: 'Point', coordinates: [0, 0] }) }] });
    expect(o.ok).toBe(false);
    if (o.ok) return;
    expect(o.error.kind).toBe('format');
    expect(`${o.error.url} ${o.error.reason}`).toContain(name);
    if (spec.chip_refusal === 'rotated') expect(o.error.reason).toMatch(/rotated/);
  });
});
