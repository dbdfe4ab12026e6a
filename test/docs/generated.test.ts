// docs/functions.md and README's function table are what `npm run docs` writes from the
// declarations: a declaration changed without regenerating them fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_FUNCTIONS } from '../../src/index.js';
import { renderReadme, renderReference } from '../../src/docs/generate.js';

describe('generated reference', () => {
  it('docs/functions.md is what npm run docs generates', () => {
    expect(readFileSync('docs/functions.md', 'utf8'), 'run `npm run build && npm run docs` and commit the result').toBe(renderReference(ALL_FUNCTIONS));
  });

  it("README's function table is what npm run docs generates", () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain('<!-- functions:start -->');
    expect(readme, 'run `npm run build && npm run docs` and commit the result').toBe(renderReadme(readme, ALL_FUNCTIONS));
  });

  it('lists the macros users call and keeps internal helpers out of the README, apart in the reference', () => {
    const reference = renderReference(ALL_FUNCTIONS);
    const table = renderReadme('<!-- functions:start --><!-- functions:end -->', ALL_FUNCTIONS);
    for (const name of ['read_chips', 'sample_points', 'rasteret_build', 'cog_footprint', 'build_mosaic', 'rasteret_build_from_table', 'rasteret_split', 'rasteret_load']) {
      expect(table, name).toContain(`[\`${name}\`]`);
    }
    const internalAt = reference.indexOf('## Internal helpers');
    for (const name of ['rasteret_build_json', 'build_mosaic_rows', 'rasterduck_check_collection']) {
      expect(table, name).not.toContain(`[\`${name}\`]`);
      expect(reference.indexOf(`### \`${name}\``), name).toBeGreaterThan(internalAt);
    }
    expect(reference.match(/^### `read_chip`$/gm), 'overloads share one section').toHaveLength(1);
  });
});
