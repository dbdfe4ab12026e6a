/**
 * The mosaic tests' inputs: GDAL-written scenes (make_scenes.py) indexed into a DuckDB
 * collection table `scenes` and the variable `scenes` (its rows as a list, which
 * build_mosaic takes), and the numpy/rasterio reference composite (reference.py).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { connect } from '../../src/index.js';

const PY = '/usr/bin/python3';
const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

/** One fixture scene: id, ISO datetime and its band files. */
export interface SceneFiles {
  readonly id: string;
  readonly datetime: string;
  readonly B04_href: string;
  readonly B08_href: string;
  readonly SCL_href: string;
}

/** Writes the scenes into `dir`; returns their manifest. */
export function makeScenes(dir: string): SceneFiles[] {
  return JSON.parse(execFileSync(PY, [here('make_scenes.py'), dir], { encoding: 'utf8' })) as SceneFiles[];
}

/** A connection with the collection of `scenes` as table and variable `scenes`. */
export async function collectionOf(scenes: readonly SceneFiles[]): Promise<DuckDBConnection> {
  const con = await connect();
  const values = scenes.map((s) => `('${s.id}', TIMESTAMPTZ '${s.datetime}', '${s.B04_href}', '${s.B08_href}', '${s.SCL_href}')`).join(', ');
  await con.run(`CREATE TABLE scenes AS SELECT id, dt AS datetime, cog_metadata(b4) AS B04_metadata, cog_metadata(b8) AS B08_metadata,
    cog_metadata(scl) AS SCL_metadata FROM (VALUES ${values}) t(id, dt, b4, b8, scl)`);
  await con.run('SET VARIABLE scenes = (SELECT list(c) FROM scenes c)');
  return con;
}

/** What reference.py needs: the grid, kernel, bands and, per window, its scenes' files. */
export interface ReferenceRequest {
  readonly width: number;
  readonly height: number;
  readonly transform: readonly number[];
  readonly crs: string;
  readonly resampling: string;
  /** Mask with the SCL band. */
  readonly mask: boolean;
  readonly bands: readonly string[];
  readonly windows: readonly (readonly Record<string, string>[])[];
}

/** The reference composite: per window, per band (then the count), row-major values, null = NaN. */
export function referenceComposite(request: ReferenceRequest): (number | null)[][][] {
  return JSON.parse(execFileSync(PY, [here('reference.py')], { input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 1 << 28 })) as (number | null)[][][];
}

/** The scenes' files in the shape reference.py takes. */
export function filesOf(scenes: readonly SceneFiles[]): Record<string, string>[] {
  return scenes.map((s) => ({ B04: s.B04_href, B08: s.B08_href, SCL: s.SCL_href }));
}

/**
 * Where our cube's values (time, band, row, col, flattened) differ from the reference's
 * (null = NaN; ours are float32, so the reference is rounded to float32), at most 10.
 */
export function exactMismatches(ours: Float32Array, reference: (number | null)[][][]): string[] {
  const want = reference.flat(2);
  if (want.length !== ours.length) return [`${ours.length} values, the reference has ${want.length}`];
  const out: string[] = [];
  for (let i = 0; i < want.length && out.length < 10; i++) {
    const w = want[i];
    if (w === null ? !Number.isNaN(ours[i]) : ours[i] !== Math.fround(w)) out.push(`#${i}: ${ours[i]}, want ${w}`);
  }
  return out;
}
