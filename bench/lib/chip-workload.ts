/**
 * The cold-chips workload, shared by bench/cold-chips and bench/scale: field polygons of
 * about 64 x 64 pixels at random spots of the make_cogs.py scenes (chip k over scene
 * k mod F), the files both sides read them from, the collection rasterduck builds first,
 * and the SQL that reads them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fieldRing, random, toGeoJson, toWkt, type Grid } from './fields.js';
import { runCli } from './cli.js';

/** make_cogs.py places scene i at x = 500000 + i * size * 10 m, top edge at y = 5800000 (UTM 33N). */
export function sceneGrid(i: number, size: number): Grid {
  return { originX: 500000 + i * size * 10, originY: 5800000, pixel: 10, width: size, height: size };
}

/** The files of one workload: scenes (id, url), chips (chip_id, scene_id, wkt), rasterio tasks. */
export interface ChipWorkload {
  readonly chips: number;
  readonly files: number;
  readonly scenesCsv: string;
  readonly chipsCsv: string;
  readonly tasksJson: string;
  readonly collection: string;
}

const sceneId = (i: number): string => `scene${String(i).padStart(3, '0')}`;

/** Writes the workload's files under `dir`/work for `chips` chips over the first `files` scenes at `baseUrl`. */
export function chipWorkload(dir: string, baseUrl: string, files: number, chips: number, size: number, seed = 6): ChipWorkload {
  const work = path.join(dir, 'work');
  mkdirSync(work, { recursive: true });
  const tag = `${files}-${chips}`;
  const scenesCsv = path.join(work, `scenes-${files}.csv`);
  writeFileSync(scenesCsv, 'id,url\n' + Array.from({ length: files }, (_, i) => `${sceneId(i)},${baseUrl}/${sceneId(i)}.tif`).join('\n') + '\n');
  const rand = random(seed);
  const rows: string[] = [];
  const tasks: unknown[] = [];
  for (let k = 0; k < chips; k++) {
    const scene = k % files;
    const ring = fieldRing(sceneGrid(scene, size), rand);
    rows.push(`${k},${sceneId(scene)},"${toWkt(ring)}"`);
    tasks.push({ url: `/vsicurl/${baseUrl}/${sceneId(scene)}.tif`, geometry: toGeoJson(ring) });
  }
  const chipsCsv = path.join(work, `chips-${tag}.csv`);
  writeFileSync(chipsCsv, 'chip_id,scene_id,wkt\n' + rows.join('\n') + '\n');
  const tasksJson = path.join(work, `tasks-${tag}.json`);
  writeFileSync(tasksJson, JSON.stringify(tasks));
  return { chips, files, scenesCsv, chipsCsv, tasksJson, collection: path.join(work, `collection-${files}.parquet`) };
}

/**
 * Builds the collection (untimed, its own process): one row per scene with its
 * cog_metadata struct and lon/lat footprint, written to Parquet, as Rasteret caches it.
 * @throws Error when the CLI fails.
 */
export function buildCollection(w: ChipWorkload): { ms: number } {
  const sql = `COPY (SELECT id, m AS b_metadata, cog_footprint(m) AS geometry FROM (SELECT id, cog_metadata(url) AS m FROM read_csv('${w.scenesCsv}')))
    TO '${w.collection}' (FORMAT parquet)`;
  return { ms: runCli(sql).ms };
}

const geoms = (w: ChipWorkload) => `read_csv('${w.chipsCsv}', types = {'chip_id': 'INTEGER', 'scene_id': 'VARCHAR', 'wkt': 'VARCHAR'})`;

/** Per chip: count and sum of its valid pixels, from the collection's cached metadata (no header request). */
export function collectionSql(w: ChipWorkload): string {
  return `SELECT chip_id, s.count AS count, s.sum AS sum FROM (
    SELECT g.chip_id, chip_stats(read_chip(c.b_metadata, ST_GeomFromText(g.wkt)))[1] AS s
    FROM ${geoms(w)} g JOIN read_parquet('${w.collection}') c ON c.id = g.scene_id)`;
}

/** The same from URLs: each file's header is read first (one request per file), then the tiles. */
export function urlSql(w: ChipWorkload): string {
  return `SELECT chip_id, s.count AS count, s.sum AS sum FROM (
    SELECT g.chip_id, chip_stats(read_chip(u.url, ST_GeomFromText(g.wkt)))[1] AS s
    FROM ${geoms(w)} g JOIN read_csv('${w.scenesCsv}') u ON u.id = g.scene_id)`;
}

/** The collection query reduced to one row (chips, pixels, sum), for large N. */
export function collectionTotalsSql(w: ChipWorkload): string {
  return `SELECT count(*) AS chips, sum(count)::BIGINT AS pixels, sum(sum)::DOUBLE AS total FROM (${collectionSql(w)})`;
}

/** A chip summary as both sides print it: [valid pixel count, sum of valid pixels]. */
export type ChipSummary = readonly [number, number];

/** How many chips agree exactly between rasterduck rows (chip_id, count, sum) and rasterio's list. */
export function agreement(ours: readonly { chip_id: number; count: number | null; sum: number | null }[], theirs: readonly ChipSummary[]): number {
  let same = 0;
  for (const r of ours) {
    const t = theirs[Number(r.chip_id)];
    if (t && Number(r.count ?? 0) === t[0] && Number(r.sum ?? 0) === t[1]) same++;
  }
  return same;
}
