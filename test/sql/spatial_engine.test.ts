/**
 * DuckDB spatial's ST_ functions as its documentation writes them, run unchanged, with
 * results equal to GEOS run by Debian's python3-shapely (/usr/bin/python3): the same
 * WKT goes to both, geometries are compared by shapely itself (equals_exact after
 * normalize, with a tolerance of 1e-9 for constructed coordinates), numbers within 1e-9.
 */
import { execFileSync } from 'node:child_process';
import type { DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/index.js';
import { intersects } from '../../src/geo/predicates.js';
import { relate } from '../../src/geo/engine/ops.js';
import { parseWkt } from '../../src/geo/wkt.js';

let con: DuckDBConnection;
beforeAll(async () => {
  con = await connect();
});
const one = async (sql: string) => (await con.runAndReadAll(sql)).getRowsJS()[0][0];

const SHAPELY = `
import json, sys
from shapely import wkt
from shapely.ops import unary_union
from shapely.validation import make_valid
cases = json.loads(sys.stdin.read())
def run(op, args):
    g = [wkt.loads(a) if isinstance(a, str) else a for a in args]
    if op == 'buffer': return g[0].buffer(g[1], g[2] if len(g) > 2 else 8)
    if op == 'centroid': return g[0].centroid
    if op in ('contains', 'within', 'covers', 'touches', 'disjoint', 'intersects'): return getattr(g[0], op)(g[1])
    if op == 'covered_by': return g[1].covers(g[0])
    if op == 'distance': return g[0].distance(g[1])
    if op == 'dwithin': return g[0].distance(g[1]) <= g[2]
    if op in ('union', 'intersection', 'difference'): return getattr(g[0], op)(g[1])
    if op == 'union_agg': return unary_union(g)
    if op == 'is_valid': return g[0].is_valid
    if op == 'make_valid': return make_valid(g[0])
    if op == 'simplify': return g[0].simplify(g[1], preserve_topology=False)
    if op == 'x': return g[0].x
    if op == 'y': return g[0].y
    raise ValueError(op)
out = []
for op, args, got in cases:
    want = run(op, args)
    if hasattr(want, 'geom_type'):
        mine = wkt.loads(got)
        same = mine.normalize().equals_exact(want.normalize(), 1e-9) or (mine.is_empty and want.is_empty)
        out.append([same, want.wkt])
    else:
        out.append([abs(float(got) - float(want)) < 1e-9 if not isinstance(want, bool) else got == want, want])
print(json.dumps(out))
`;

const A = 'POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))';
const B = 'POLYGON ((5 5, 15 5, 15 15, 5 15, 5 5))';
const L = 'LINESTRING (0 0, 3 1, 6 0, 9 4, 12 0)';
const BOWTIE = 'POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))';

/** [shapely op, its arguments, the SQL as DuckDB spatial's docs write it]. */
const CASES: readonly (readonly [string, readonly (string | number)[], string])[] = [
  ['buffer', ['POINT (1 2)', 3], "SELECT ST_AsText(ST_Buffer(ST_GeomFromText('POINT (1 2)'), 3))"],
  ['buffer', [L, 0.5, 2], `SELECT ST_AsText(ST_Buffer('${L}'::GEOMETRY, 0.5, 2))`],
  ['buffer', [A, -1], `SELECT ST_AsText(ST_Buffer('${A}'::GEOMETRY, -1))`],
  ['centroid', [A], `SELECT ST_AsText(ST_Centroid('${A}'::GEOMETRY))`],
  ['centroid', [L], `SELECT ST_AsText(ST_Centroid('${L}'::GEOMETRY))`],
  ['contains', [A, 'POINT (3 3)'], `SELECT ST_Contains('${A}'::GEOMETRY, 'POINT (3 3)'::GEOMETRY)`],
  ['contains', [A, 'POINT (5 5)'], `SELECT ST_Contains('${A}'::GEOMETRY, 'POINT (5 5)'::GEOMETRY)`],
  ['within', ['POINT (5 5)', A], `SELECT ST_Within('POINT (5 5)'::GEOMETRY, '${A}'::GEOMETRY)`],
  ['covers', [A, 'LINESTRING (0 0, 10 0)'], `SELECT ST_Covers('${A}'::GEOMETRY, 'LINESTRING (0 0, 10 0)'::GEOMETRY)`],
  ['contains', [A, 'LINESTRING (0 0, 10 0)'], `SELECT ST_Contains('${A}'::GEOMETRY, 'LINESTRING (0 0, 10 0)'::GEOMETRY)`],
  ['covered_by', ['LINESTRING (0 0, 10 0)', A], `SELECT ST_CoveredBy('LINESTRING (0 0, 10 0)'::GEOMETRY, '${A}'::GEOMETRY)`],
  ['touches', [A, 'POLYGON ((10 0, 20 0, 20 10, 10 10, 10 0))'], `SELECT ST_Touches('${A}'::GEOMETRY, 'POLYGON ((10 0, 20 0, 20 10, 10 10, 10 0))'::GEOMETRY)`],
  ['touches', [A, B], `SELECT ST_Touches('${A}'::GEOMETRY, '${B}'::GEOMETRY)`],
  ['disjoint', [A, 'POINT (3 3)'], `SELECT ST_Disjoint('${A}'::GEOMETRY, 'POINT (3 3)'::GEOMETRY)`],
  ['distance', [A, 'POINT (13 14)'], `SELECT ST_Distance('${A}'::GEOMETRY, 'POINT (13 14)'::GEOMETRY)`],
  ['distance', [L, 'POINT (3 3)'], `SELECT ST_Distance('${L}'::GEOMETRY, 'POINT (3 3)'::GEOMETRY)`],
  ['dwithin', [A, 'POINT (13 14)', 5], `SELECT ST_DWithin('${A}'::GEOMETRY, 'POINT (13 14)'::GEOMETRY, 5)`],
  ['dwithin', [A, 'POINT (13 14)', 4.9], `SELECT ST_DWithin('${A}'::GEOMETRY, 'POINT (13 14)'::GEOMETRY, 4.9)`],
  ['union', [A, B], `SELECT ST_AsText(ST_Union('${A}'::GEOMETRY, '${B}'::GEOMETRY))`],
  ['intersection', [A, B], `SELECT ST_AsText(ST_Intersection('${A}'::GEOMETRY, '${B}'::GEOMETRY))`],
  ['intersection', [A, L], `SELECT ST_AsText(ST_Intersection('${A}'::GEOMETRY, '${L}'::GEOMETRY))`],
  ['difference', [A, B], `SELECT ST_AsText(ST_Difference('${A}'::GEOMETRY, '${B}'::GEOMETRY))`],
  ['union_agg', [A, B, 'POLYGON ((20 20, 21 20, 21 21, 20 20))'],
    `SELECT ST_AsText(ST_Union_Agg(geom)) FROM (VALUES ('${A}'::GEOMETRY), ('${B}'::GEOMETRY), ('POLYGON ((20 20, 21 20, 21 21, 20 20))'::GEOMETRY)) t(geom)`],
  ['is_valid', [BOWTIE], `SELECT ST_IsValid('${BOWTIE}'::GEOMETRY)`],
  ['is_valid', [A], `SELECT ST_IsValid('${A}'::GEOMETRY)`],
  ['make_valid', [BOWTIE], `SELECT ST_AsText(ST_MakeValid('${BOWTIE}'::GEOMETRY))`],
  ['make_valid', ['POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (5 0, 7 3, 3 3, 5 0))'], "SELECT ST_AsText(ST_MakeValid('POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (5 0, 7 3, 3 3, 5 0))'::GEOMETRY))"],
  ['make_valid', [A], `SELECT ST_AsText(ST_MakeValid('${A}'::GEOMETRY))`],
  ['simplify', [L, 1.5], `SELECT ST_AsText(ST_Simplify('${L}'::GEOMETRY, 1.5))`],
  ['simplify', [A, 3], `SELECT ST_AsText(ST_Simplify('${A}'::GEOMETRY, 3))`],
  ['x', ['POINT (1.5 -2.25)'], "SELECT ST_X(ST_GeomFromText('POINT (1.5 -2.25)'))"],
  ['y', ['POINT (1.5 -2.25)'], "SELECT ST_Y(ST_GeomFromText('POINT (1.5 -2.25)'))"],
];

describe('ST_ functions equal GEOS (shapely)', () => {
  it('each query, run unchanged, gives what GEOS gives', async () => {
    const got = [];
    for (const [op, args, sql] of CASES) got.push([op, args, await one(sql)]);
    const verdicts = JSON.parse(execFileSync('/usr/bin/python3', ['-c', SHAPELY], { input: JSON.stringify(got) }).toString()) as [boolean, unknown][];
    const wrong = verdicts.map((v, i) => ({ sql: CASES[i][2], got: got[i][2], geos: v[1], ok: v[0] })).filter((v) => !v.ok);
    expect(wrong).toEqual([]);
  });

  it('ST_Union_Agg works with GROUP BY, skips NULLs, and is NULL over no geometry', async () => {
    const rows = (await con.runAndReadAll(`SELECT k, ST_AsText(ST_Union_Agg(g)) FROM (VALUES (1, 'POINT (0 0)'::GEOMETRY), (1, NULL), (2, NULL)) t(k, g) GROUP BY k ORDER BY k`)).getRowsJS();
    expect(rows).toEqual([[1, 'POINT (0 0)'], [2, null]]);
  });
});

describe('ST_ functions that walk parts, against hand calculation', () => {
  it('ST_CollectionExtract as DuckDB spatial documents it', async () => {
    const gc = "'GEOMETRYCOLLECTION (POINT (0 0), LINESTRING (1 1, 2 2), GEOMETRYCOLLECTION (POLYGON ((0 0, 1 0, 1 1, 0 0))), POLYGON ((5 5, 6 5, 6 6, 5 5)))'::GEOMETRY";
    expect(await one(`SELECT ST_AsText(ST_CollectionExtract(${gc}, 3))`)).toBe('MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))');
    expect(await one(`SELECT ST_AsText(ST_CollectionExtract(${gc}, 1))`)).toBe('MULTIPOINT (0 0)');
    expect(await one(`SELECT ST_AsText(ST_CollectionExtract(${gc}))`)).toBe('MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))');
    expect(await one("SELECT ST_AsText(ST_CollectionExtract('GEOMETRYCOLLECTION (POINT (0 0))'::GEOMETRY, 3))")).toBe('MULTIPOLYGON EMPTY');
    expect(await one("SELECT ST_AsText(ST_CollectionExtract('POINT (1 2)'::GEOMETRY, 3))")).toBe('POINT (1 2)');
    await expect(one(`SELECT ST_CollectionExtract(${gc}, 4)`)).rejects.toThrow(/ST_CollectionExtract.*4 is not 1 \(POINT\)/);
  });

  it('ST_Dump gives DuckDB spatial\'s LIST(STRUCT(geom, path)), paths 1-based', async () => {
    const rows = (await con.runAndReadAll("SELECT ST_AsText(d.geom), d.path FROM (SELECT unnest(ST_Dump('GEOMETRYCOLLECTION (MULTIPOINT (0 0, 1 1), LINESTRING (0 0, 1 1))'::GEOMETRY)) AS d)")).getRowsJS();
    expect(rows).toEqual([['POINT (0 0)', [1, 1]], ['POINT (1 1)', [1, 2]], ['LINESTRING (0 0, 1 1)', [2]]]);
    expect(await one("SELECT ST_Dump('POINT (1 2)'::GEOMETRY)[1].path")).toEqual([]);
  });

  it('ST_NPoints, ST_Length (linear parts only) and ST_X errors on non-points', async () => {
    expect(await one(`SELECT ST_NPoints('${A}'::GEOMETRY)`)).toBe(10);
    expect(await one("SELECT ST_Length('MULTILINESTRING ((0 0, 3 4), (0 0, 0 2))'::GEOMETRY)")).toBe(7);
    expect(await one(`SELECT ST_Length('${A}'::GEOMETRY)`)).toBe(0);
    expect(await one("SELECT ST_X('POINT EMPTY'::GEOMETRY)")).toBeNull();
    await expect(one(`SELECT ST_X('${L}'::GEOMETRY)`)).rejects.toThrow(/ST_X.*LineString is not a POINT/);
  });

  it('does not shadow DuckDB core functions', async () => {
    expect(await one("SELECT ST_AsText(ST_GeomFromWKB(ST_AsWKB(ST_Centroid('POINT (1 2)'::GEOMETRY))))")).toBe('POINT (1 2)');
  });
});

describe('the hand-written ST_Intersects (kept: 2x faster on the read_chips footprint join) equals the engine', () => {
  it('on touching, crossing, nested, holed and disjoint pairs', () => {
    const shapes = [A, B, L, 'POINT (3 3)', 'POINT (10 5)', 'POLYGON ((10 0, 20 0, 20 10, 10 10, 10 0))', 'LINESTRING (2.5 2.5, 3.5 3.5)', 'MULTIPOINT (30 30, 1 1)', 'POLYGON ((100 100, 101 100, 101 101, 100 100))'];
    for (const a of shapes) for (const b of shapes) expect(intersects(parseWkt(a), parseWkt(b)), `${a} / ${b}`).toBe(relate('intersects', parseWkt(a), parseWkt(b)));
  });
});
