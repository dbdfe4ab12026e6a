// The README's commands: the demo and the pipeline run end to end on data they make themselves.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect } from '../src/index.js';
import { geoParquetViolations } from './stac/helpers/geoparquet-schema.js';

describe('demo', () => {
  it('indexes the demo COGs over HTTP and prints mean NDVI per field and date', () => {
    const r = spawnSync(process.execPath, ['dist/demo/main.js'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    // wheat is green in May and ripe in July, maize the other way round (src/demo/demo-data.ts)
    expect(r.stdout).toMatch(/│\s+1 │ wheat\s+│ 2024-05-10 │\s+0\.78 │/);
    expect(r.stdout).toMatch(/│\s+3 │ maize\s+│ 2024-07-24 │\s+0\.807 │/);
    expect(r.stdout).toMatch(/The server saw \d+ requests/);
  });

  it('runs the mosaic -> predict -> vectorize pipeline and draws the fields', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-pipeline-'));
    const png = path.join(dir, 'fields.png');
    const r = spawnSync(process.execPath, ['dist/demo/pipeline.js', dir, png], { encoding: 'utf8', timeout: 300_000 });
    expect(r.status, r.stderr).toBe(0);
    const fields = Number(/│\s+(\d+) │\s+[\d.]+ │/.exec(r.stdout.split('fields │')[1] ?? '')?.[1]);
    expect(fields).toBeGreaterThan(100);
    expect(existsSync(path.join(dir, 'fields.parquet')) && existsSync(path.join(dir, 'fields.pmtiles'))).toBe(true);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    // GeoParquet 1.1 (DuckDB's own COPY would say 1.0.0), read back as lon/lat GEOMETRY
    const con = await connect();
    const file = path.join(dir, 'fields.parquet');
    const kv = (await con.runAndReadAll(`SELECT decode(value) AS v FROM parquet_kv_metadata('${file}') WHERE decode(key) = 'geo'`)).getRowObjectsJS();
    expect(kv.length).toBe(1);
    const geo = JSON.parse(String(kv[0].v));
    expect(geo.version).toBe('1.1.0');
    expect(geoParquetViolations(geo, ['id', 'class', 'area', 'score_mean', 'pixel_count', 'geometry'])).toEqual([]);
    expect(geo.columns.geometry.geometry_types).toEqual(['Polygon']);
    const [back] = (await con.runAndReadAll(`SELECT count(*) AS n, min(typeof(geometry)) AS t FROM '${file}'`)).getRowObjectsJS();
    expect([Number(back.n), String(back.t)]).toEqual([fields, "GEOMETRY('OGC:CRS84')"]);

    // a second run into the same folder would reuse the first run's blocks: refused, nothing touched
    const before = statSync(file).mtimeMs;
    const again = spawnSync(process.execPath, ['dist/demo/pipeline.js', dir, png], { encoding: 'utf8', timeout: 300_000 });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`pipeline demo: ${dir} already holds a run (`);
    expect(again.stderr).toContain('--overwrite');
    expect(statSync(file).mtimeMs).toBe(before);
    const replaced = spawnSync(process.execPath, ['dist/demo/pipeline.js', dir, png, '--overwrite'], { encoding: 'utf8', timeout: 300_000 });
    expect(replaced.status, replaced.stderr).toBe(0);
    expect(replaced.stdout).toMatch(/│ written │\s+4 │/); // the mosaic was built again, not skipped
    expect(replaced.stdout).toContain(`Wrote ${dir}: `);
  }, 600_000);

  it('writes a run without a folder to a fresh folder, the picture included, and says where', () => {
    const r = spawnSync(process.execPath, ['dist/demo/pipeline.js'], { encoding: 'utf8', timeout: 300_000 });
    expect(r.status, r.stderr).toBe(0);
    const wrote = /^Wrote (\S+): (.*)$/m.exec(r.stdout);
    expect(wrote?.[2]).toContain('fields.parquet');
    const folder = wrote?.[1] ?? '';
    // mkdtemp's folder: created by this run, so no earlier run's blocks are in it
    expect(path.dirname(folder)).toBe(tmpdir());
    expect(path.basename(folder)).toMatch(/^rasterduck-pipeline-\w{6}$/);
    expect(r.stdout).toMatch(/│ written │\s+4 │/);
    expect(readFileSync(path.join(folder, 'fields.png')).subarray(1, 4).toString()).toBe('PNG');
    rmSync(folder, { recursive: true, force: true });
  }, 300_000);
});
