/**
 * The public SQL contract (../shared/contract, the acceptance kit) run against the built
 * CLI, for every part whose functions exist. The kit makes its own data with GDAL.
 * Outside a checkout with shared/ beside it (a user's clone), there is no kit to run; in
 * CI there always is, so a missing kit fails there.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../src/index.js';

const KIT = path.resolve('..', 'shared', 'contract', 'run');
const CLI = 'node_modules/.bin/rasterduck';
const PARTS: Record<string, readonly string[]> = {
  tiff: ['cog_metadata', 'read_chip', 'chip_values', 'chip_mask'],
  stac: ['rasteret_build'],
};

let registered: string[] = [];
beforeAll(async () => {
  const con = await connect();
  registered = (await con.runAndReadAll('SELECT DISTINCT function_name FROM duckdb_functions()')).getRowsJS().map((r) => String(r[0]));
});

describe('acceptance contract kit', () => {
  it('is present in CI', () => {
    if (process.env.CI) expect(existsSync(KIT), `${KIT} is missing`).toBe(true);
  });

  for (const [part, functions] of Object.entries(PARTS)) {
    it.runIf(existsSync(KIT))(`passes the ${part} part when its functions exist`, () => {
      const missing = functions.filter((f) => !registered.includes(f));
      if (missing.length) {
        console.log(`contract ${part}: not run yet, missing ${missing.join(', ')}`);
        return;
      }
      const r = spawnSync('bash', [KIT, CLI, part], { encoding: 'utf8', timeout: 900_000 });
      const summary = r.stdout.split('\n').filter((l) => l.startsWith('contract ') || l.startsWith('FAIL')).join('\n');
      console.log(summary);
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    }, 900_000);
  }
});
