/**
 * The layers of src/ (docs/architecture.md), checked from the import graph: every static
 * import, `export ... from` and dynamic import() between folders. planner imports nothing
 * of ours but the base; io only the base and planner; the core nothing above it (bridge,
 * udfs, cli, serve, ...); and no two folders import each other, however indirectly.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '..', '..', 'src');

/** Every folder (and top-level file) of src/ by layer; a new one must be placed here. */
const LAYERS: Record<string, readonly string[]> = {
  base: ['errors', 'seeded-random', 'duckdb', 'progress-line'],
  planner: ['planner'],
  io: ['io'],
  core: ['arrow', 'chip', 'collection', 'geo', 'ml', 'model', 'mosaic', 'predict', 'stac', 'tiff', 'vector', 'vectorize', 'zarr', 'zonal'],
  top: ['bridge', 'udfs', 'cli', 'serve', 'docs', 'demo', 'index', 'sql-macros'],
};
/** What each layer may import besides itself. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  base: [],
  planner: ['base'],
  io: ['base', 'planner'],
  core: ['base', 'planner', 'io'],
  top: ['base', 'planner', 'io', 'core'],
};

function sources(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** The folder of a source file under src/, or its name for a file at the top. */
function unitOf(file: string): string {
  const rel = path.relative(SRC, file);
  return rel.includes(path.sep) ? rel.split(path.sep)[0] : rel.replace(/\.ts$/, '');
}

const layerOf = (unit: string): string | undefined => Object.keys(LAYERS).find((l) => LAYERS[l].includes(unit));

/** Import edges between units: [from, to, the importing file]. */
function edges(): [string, string, string][] {
  const out: [string, string, string][] = [];
  const spec = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|(?:^|\n)\s*import\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
  for (const file of sources(SRC)) {
    for (const m of readFileSync(file, 'utf8').matchAll(spec)) {
      const target = path.resolve(path.dirname(file), (m[1] ?? m[2] ?? m[3]).replace(/\.js$/, '.ts'));
      const [from, to] = [unitOf(file), unitOf(target)];
      if (from !== to) out.push([from, to, path.relative(SRC, file)]);
    }
  }
  return out;
}

describe('layering of src/', () => {
  const all = edges();

  it('finds the imports it checks (the parser works)', () => {
    expect(all.some(([from, to]) => from === 'udfs' && to === 'bridge')).toBe(true);
    expect(all.some(([from, to]) => from === 'chip' && to === 'tiff')).toBe(true);
    expect(all.some(([from, to]) => from === 'bridge' && to === 'zonal')).toBe(true); // a dynamic import()
  });

  it('places every folder of src/ in a layer', () => {
    const units = new Set(sources(SRC).map(unitOf));
    expect([...units].filter((u) => layerOf(u) === undefined)).toEqual([]);
  });

  it('imports only downwards: io and planner nothing of the core, the core nothing of bridge, udfs, cli or serve', () => {
    const wrong = all.filter(([from, to]) => {
      const [a, b] = [layerOf(from), layerOf(to)];
      return a !== b && !MAY_IMPORT[a as string]?.includes(b as string);
    });
    expect(wrong.map(([from, to, file]) => `${file} imports ${to}`)).toEqual([]);
  });

  it('has no cycle between folders', () => {
    const next = new Map<string, Set<string>>();
    for (const [from, to] of all) next.set(from, (next.get(from) ?? new Set()).add(to));
    // a folder that reaches itself again is on a cycle
    const reaches = (start: string): boolean => {
      const seen = new Set<string>();
      const stack = [...(next.get(start) ?? [])];
      while (stack.length) {
        const u = stack.pop() as string;
        if (u === start) return true;
        if (seen.has(u)) continue;
        seen.add(u);
        stack.push(...(next.get(u) ?? []));
      }
      return false;
    };
    expect([...next.keys()].filter(reaches)).toEqual([]);
  });
});
