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

describe('readChips: labels and NULL chips', () => {
  const file = fixturePath('cog_deflate_u16_pred2_ovr_nodata0_32633.tif');
  // row i's 10 x 20 px box; `off` rows are moved 1e6 m east, off the raster (a NULL chip)
  const query = (off: string) => `SELECT i AS label, read_chip('${file}', box) AS chip FROM (
    SELECT i, ST_MakeEnvelope(m.transform[2] + 100 * m.transform[1] + i * 50 + (CASE WHEN ${off} THEN 1e6 ELSE 0 END), m.transform[4] + 120 * m.transform[3],
                              m.transform[2] + 110 * m.transform[1] + i * 50 + (CASE WHEN ${off} THEN 1e6 ELSE 0 END), m.transform[4] + 100 * m.transform[3]) AS box
    FROM (SELECT cog_metadata('${file}') AS m), range(3) t(i)) ORDER BY i`;

  it('gives BIGINT and HUGEINT labels as numbers where exact, BigInt beyond 2^53, in lists and structs too', async () => {
    const con = await connect();
    const batch = await readChips(con, `SELECT 7::BIGINT AS small, 9007199254740993::BIGINT AS big, 12::HUGEINT AS huge, -3::UBIGINT IS NULL AS flag,
      [1::BIGINT, 2] AS list, {'n': 5::BIGINT} AS st, chip FROM (${query('false')}) LIMIT 1`);
    expect(batch.rows[0]).toEqual({ small: 7, big: 9007199254740993n, huge: 12, flag: false, list: [1, 2], st: { n: 5 } });
    expect(typeof batch.rows[0].small).toBe('number');
  });

  it('keeps a NULL chip as its row: present 0, mask 0, zero frame, NaN transform', async () => {
    const con = await connect();
    const sql = query('i = 1');
    const batch = await readChips(con, sql);
    expect(batch.shape).toEqual([3, 1, 20, 10]);
    expect(batch.rows.map((r) => r.label)).toEqual([0, 1, 2]);
    expect(Array.from(batch.present)).toEqual([1, 0, 1]);
    const frame = 200;
    expect(batch.data.slice(frame, 2 * frame).every((v) => v === 0)).toBe(true);
    expect(batch.mask.slice(frame, 2 * frame).every((v) => v === 0)).toBe(true);
    expect(Array.from(batch.transforms.slice(6, 12)).every(Number.isNaN)).toBe(true);
    const values = (await con.runAndReadAll(`SELECT chip_values(chip) AS v FROM (${sql})`)).getRowObjectsJS();
    expect(values[1].v).toBeNull();
    expect(Array.from(batch.data.slice(2 * frame, 3 * frame))).toEqual(values[2].v);
  });

  it('returns a batch whose chips are all NULL (no channels, or the bands and size given)', async () => {
    const con = await connect();
    const sql = query('true');
    const bare = await readChips(con, sql);
    expect(bare.shape).toEqual([3, 0, 0, 0]);
    expect(bare.rows.map((r) => r.label)).toEqual([0, 1, 2]);
    expect(Array.from(bare.present)).toEqual([0, 0, 0]);
    expect(bare.channels).toEqual(['chip']);
    const fixed = await readChips(con, sql, { bands: [1], size: [20, 10] });
    expect(fixed.shape).toEqual([3, 1, 20, 10]);
    expect(fixed.data.length).toBe(600);
    expect(fixed.mask.every((v) => v === 0)).toBe(true);
    const table = await readChipsArrow(con, sql, { bands: [1], size: [20, 10] });
    expect(table.numRows).toBe(3);
    expect(Array.from(table.getChild('present')?.get(0) ?? [])).toEqual([0]);
    expect(table.getChild('label')?.get(2)).toBe(2);
  });
});
