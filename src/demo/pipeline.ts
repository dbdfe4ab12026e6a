/**
 * `node dist/demo/pipeline.js [folder] [png]`: writes the pipeline demo's scenes (B02, B03, B04,
 * B08 in two seasons) into a folder (default: <tmp>/rasterduck-pipeline), runs
 * sql/examples/pipeline.sql there end to end (collection -> build_mosaic -> predict_block
 * -> vectorize -> GeoParquet, FlatGeobuf, PMTiles), printing every result, and draws the
 * mosaic with the field polygons outlined to docs/pipeline.png.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Session } from '../cli/session.js';
import { connect } from '../index.js';
import { vectorizePrediction } from '../vectorize/vectorize-prediction.js';
import { writePipelineData } from './pipeline-data.js';
import { renderPipelinePng } from './render-png.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<number> {
  const dir = path.resolve(process.argv[2] ?? path.join(tmpdir(), 'rasterduck-pipeline'));
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  writePipelineData(dir);
  process.stdout.write(`Pipeline demo scenes in ${dir} (${((Date.now() - started) / 1000).toFixed(1)} s)\n\n`);
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
  // the README's picture by default; a second argument writes it elsewhere (tests)
  const out = path.resolve(process.argv[3] ?? path.join(root, 'docs', 'pipeline.png'));
  writeFileSync(out, png);
  process.stdout.write(`\n${polygons.length} fields (${sourceCrs}) drawn on the July mosaic: ${out}; total ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}

main().then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`pipeline demo failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
