/**
 * GDAL 3.6's choice of mask band, checked through rasterio on files that combine mask
 * sources or sit on their edges (mask_rules.py): an internal mask beats nodata, nodata
 * beats alpha, alpha masks only the colour bands of 2- and 4-band files (16-bit alpha
 * too), float nodata matches within ARE_REAL_EQUAL and a NaN pixel is valid beside a finite
 * nodata, a uint16 nodata of 70000 still selects the (never matching) nodata mask while
 * rasterio reports no nodata and fills with 0.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readChipRows } from '../../src/chip/read-chip-rows.js';
import { toWkb } from '../../src/geo/wkb.js';
import { ensureMaskRuleChips, expectedChips } from './chip-expected.js';
import { compareChip } from './compare-chip.js';

let dir = '';
beforeAll(() => {
  dir = ensureMaskRuleChips();
}, 120_000);

describe('mask rules against rasterio', () => {
  it('every file gives rasterio chips and masks', async () => {
    const { files } = JSON.parse(readFileSync(join(dir, 'done.json'), 'utf8')) as { files: string[] };
    const failures: string[] = [];
    for (const name of files) {
      const cases = expectedChips(name, dir);
      const requests = cases.map((c) => ({ url: join(dir, 'files', `${name}.tif`), wkb: toWkb(c.geometry) }));
      const outcomes = await readChipRows({ requests });
      outcomes.forEach((o, i) => {
        const problems = o.ok ? compareChip(o.value, cases[i], 0).problems : [o.error.reason];
        if (problems.length > 0) failures.push(`${name} ${cases[i].name}: ${problems.join('; ')}`);
      });
    }
    expect(failures).toEqual([]);
    expect(files.length).toBeGreaterThanOrEqual(10);
  });
});
