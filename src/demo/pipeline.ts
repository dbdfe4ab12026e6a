/**
 * `node dist/demo/pipeline.js [folder] [png] [--overwrite]`: writes the pipeline demo's
 * scenes (B02, B03, B04, B08 in two seasons) into a folder, runs sql/examples/pipeline.sql
 * there end to end (collection -> build_mosaic -> predict_block -> vectorize -> GeoParquet,
 * FlatGeobuf, PMTiles), printing every result, and draws the mosaic with the field polygons
 * outlined to `png` (default: fields.png in the folder; the README's picture is
 * docs/pipeline.png, written by passing that path).
 *
 * Without a folder every run gets a fresh one (<tmp>/rasterduck-pipeline-XXXXXX). A folder
 * that already holds a run is refused, since its finished mosaic and prediction blocks
 * would be reused as they are; `--overwrite` deletes that run's files first.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Session } from '../cli/session.js';
import { connect } from '../index.js';
import { vectorizePrediction } from '../vectorize/vectorize-prediction.js';
import { writePipelineData } from './pipeline-data.js';
import { renderPipelinePng } from './render-png.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What a run writes in its folder (the scenes' folders are S2_*), so --overwrite removes only these. */
const OUTPUTS = ['scenes.json', 'mosaic.zarr', 'mosaic.zarr_cogs', 'prediction.zarr', 'fields.parquet', 'fields.fgb', 'fields.pmtiles', 'fields.png'];

function runFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => OUTPUTS.includes(f) || /^S2_T33UV[UV]_\d{8}$/.test(f)).sort();
}

/** The run's folder: fresh by default; a given one must not hold an earlier run unless `overwrite`. */
function folderOf(given: string | undefined, overwrite: boolean): string | string[] {
  if (given === undefined) return mkdtempSync(path.join(tmpdir(), 'rasterduck-pipeline-'));
  const dir = path.resolve(given);
  const earlier = runFilesIn(dir);
  if (earlier.length > 0 && !overwrite) return earlier;
  for (const f of earlier) rmSync(path.join(dir, f), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const overwrite = args.includes('--overwrite');
  const [given, pngArg] = args.filter((a) => a !== '--overwrite');
  const dir = folderOf(given, overwrite);
  if (Array.isArray(dir)) {
    process.stderr.write(`pipeline demo: ${path.resolve(given ?? '')} already holds a run (${dir.join(', ')}), whose finished blocks would be reused. ` +
      'Leave the folder out for a fresh one, pass a new folder, or add --overwrite to delete that run first.\n');
    return 1;
  }
  const started = Date.now();
  writePipelineData(dir);
  process.stdout.write(`Pipeline demo scenes in ${dir} (${((Date.now() - started) / 1000).toFixed(1)} s)\n\n`);
  const out = path.resolve(pngArg ?? path.join(dir, 'fields.png'));
  process.chdir(dir);
  const connection = await connect();
  const session = new Session(connection, (t) => process.stdout.write(t), (t) => process.stderr.write(t + '\n'));
  const model = path.join(root, 'models', 'field-unet.onnx');
  const ok = (await session.runSql(`SET VARIABLE model = '${model.replaceAll("'", "''")}';`)) &&
    (await session.runFile(path.join(root, 'sql', 'examples', 'pipeline.sql')));
  if (!ok) return 1;
  const { polygons, sourceCrs } = vectorizePrediction({
    prediction: 'prediction.zarr', threshold: 0.5, className: 'field', simplifyPx: 0, minArea: 2000, crs: 'EPSG:32633',
  });
  const png = renderPipelinePng({ mosaic: 'mosaic.zarr', rgb: ['B04', 'B03', 'B02'], time: 1, polygons: polygons.map((p) => p.geometry) });
  writeFileSync(out, png);
  process.stdout.write(`\n${polygons.length} fields (${sourceCrs}) drawn on the July mosaic: ${out}; total ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`Wrote ${dir}: ${runFilesIn(dir).join(', ')}\n`);
  return 0;
}

main().then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`pipeline demo failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
