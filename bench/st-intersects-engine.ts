/**
 * The read_chips join's ST_Intersects(footprint, geometry) with the hand-written predicate
 * (src/geo/predicates.ts) against JSTS, on footprint-shaped inputs (a reprojected scene
 * outline of 5 vertices against field polygons of 40 vertices, half of them hitting), WKB
 * parsing included as the UDF pays it. Run: npx tsx bench/st-intersects-engine.ts
 */
import { intersects } from '../src/geo/predicates.js';
import { relate } from '../src/geo/engine/ops.js';
import type { Geometry, Position } from '../src/geo/geometry.js';
import { parseWkb, toWkb } from '../src/geo/wkb.js';

const scene: Geometry = { type: 'Polygon', coordinates: [[[14.9, 51.9], [16.5, 51.95], [16.45, 52.9], [14.85, 52.85], [14.9, 51.9]]] };
function field(cx: number, cy: number): Geometry {
  const ring: Position[] = Array.from({ length: 40 }, (_, i) => {
    const a = (i / 40) * 2 * Math.PI;
    const r = 0.004 * (1 + 0.3 * Math.sin(5 * a));
    return [cx + r * Math.cos(a), cy + r * Math.sin(a)];
  });
  return { type: 'Polygon', coordinates: [[...ring, ring[0]]] };
}
const fields = Array.from({ length: 2000 }, (_, i) => field(14 + (i % 50) * 0.06, 51.5 + Math.floor(i / 50) * 0.04));
const a = toWkb(scene);
const bs = fields.map(toWkb);

function time(name: string, f: (x: Uint8Array, y: Uint8Array) => boolean): number[] {
  const hits: number[] = [];
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    let n = 0;
    for (let rep = 0; rep < 5; rep++) for (const b of bs) if (f(a, b)) n++;
    const ms = performance.now() - t0;
    hits.push(n);
    console.log(`${name}: ${((bs.length * 5) / ms).toFixed(0)} pairs/ms (${n} hits)`);
  }
  return hits;
}
const t0 = performance.now();
relate('intersects', scene, fields[0]);
console.log(`jsts first call (load): ${(performance.now() - t0).toFixed(0)} ms`);
const hand = time('hand-written', (x, y) => intersects(parseWkb(x), parseWkb(y)));
const jsts = time('jsts', (x, y) => relate('intersects', parseWkb(x), parseWkb(y)));
console.log(hand[0] === jsts[0] ? 'same answers' : 'DIFFERENT answers');
