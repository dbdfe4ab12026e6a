/**
 * `npm run demo`: writes the demo COGs, serves them over HTTP from a child process with
 * Range support (as object storage would), and runs sql/demo.sql against them, printing
 * every result. No network and no GDAL needed.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '../index.js';
import { Session } from '../cli/session.js';
import { startFileServer } from '../io/file-server-process.js';
import { DEMO_BANDS, DEMO_SCENES, demoHref, writeDemoData } from './demo-data.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<number> {
  const dir = writeDemoData(path.join(tmpdir(), 'rasterduck-demo'));
  const server = await startFileServer(dir);
  try {
    const connection = await connect();
    const session = new Session(connection, (t) => process.stdout.write(t), (t) => process.stderr.write(t + '\n'));
    const rows = DEMO_SCENES.flatMap((s) => DEMO_BANDS.map((b) => `('${s.id}', TIMESTAMPTZ '${s.datetime}', '${b}', '${server.url}/${demoHref(s, b)}')`));
    process.stdout.write(`Demo COGs served at ${server.url} (from ${dir})\n\n`);
    const ok = (await session.runSql(`CREATE TABLE demo_files(scene VARCHAR, datetime TIMESTAMPTZ, band VARCHAR, href VARCHAR); INSERT INTO demo_files VALUES ${rows.join(', ')};`)) &&
      (await session.runFile(path.join(root, 'sql', 'demo.sql')));
    const stats = await server.stats();
    process.stdout.write(`\nThe server saw ${stats.requests} requests for ${stats.bytes} bytes.\n`);
    return ok ? 0 : 1;
  } finally {
    await server.stop();
  }
}

main().then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`demo failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
