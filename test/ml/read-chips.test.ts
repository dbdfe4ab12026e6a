// The ML-facing Node API: chips from SQL stacked as [N, C, H, W], and as Arrow.
import { describe, expect, it } from 'vitest';
import { connect, readChips, readChipsArrow } from '../../src/index.js';
import { stackChips, type ChipRecord } from '../../src/ml/stack-chips.js';
import { fixturePath } from '../fixtures/fixtures.js';

const chip = (h: number, w: number, values: number[], mask = values.map(() => 1)): ChipRecord => ({
  data: new Uint8Array(new Uint16Array(values).buffer), dtype: 'uint16', bands: 1, height: h, width: w,
  transform: [10, 0, 0, 0, -10, 0], mask: Uint8Array.from(mask),
});

describe('stackChips', () => {
  it('stacks band columns as channels, pads smaller chips top-left, keeps masks', () => {
    const t = stackChips([[chip(2, 2, [1, 2, 3, 4]), chip(2, 2, [5, 6, 7, 8], [1, 0, 1, 1])], [chip(1, 1, [9]), null]], ['red', 'nir'], { fill: -1 });
    expect(t.shape).toEqual([2, 2, 2, 2]);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, -1, 7, 8, 9, -1, -1, -1, -1, -1, -1, -1]);
    expect(Array.from(t.mask)).toEqual([1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(t.transforms.slice(0, 6))).toEqual([10, 0, 0, 0, -10, 0]);
  });

  it('crops to a fixed size', () => {
    const t = stackChips([[chip(2, 3, [1, 2, 3, 4, 5, 6])]], ['x'], { size: [1, 2] });
    expect(Array.from(t.data)).toEqual([1, 2]);
  });
});

describe('readChips over SQL', () => {
  it('returns the chips of a query as a tensor, labels as rows, and as Arrow', async () => {
    const con = await connect();
    const file = fixturePath('cog_deflate_u16_pred2_ovr_nodata0_32633.tif');
    const sql = `SELECT i AS label, read_chip('${file}', box) AS chip FROM (
      SELECT i, ST_MakeEnvelope(m.transform[2] + 100 * m.transform[1] + i * 50, m.transform[4] + 120 * m.transform[3],
                                m.transform[2] + 110 * m.transform[1] + i * 50, m.transform[4] + 100 * m.transform[3]) AS box
      FROM (SELECT cog_metadata('${file}') AS m), range(3) t(i)) ORDER BY i`;
    const batch = await readChips(con, sql);
    expect(batch.shape).toEqual([3, 1, 20, 10]);
    expect(batch.rows.map((r) => Number(r.label))).toEqual([0, 1, 2]);
    const [row0] = (await con.runAndReadAll(`SELECT chip_values(chip) AS v FROM (${sql}) LIMIT 1`)).getRowObjectsJS();
    expect(Array.from(batch.data.slice(0, 200))).toEqual(row0.v);
    const table = await readChipsArrow(con, sql);
    expect(table.numRows).toBe(3);
    expect(table.getChild('pixels')?.get(0)?.length).toBe(200);
    expect(table.getChild('height')?.get(0)).toBe(20);
  });
});
