/**
 * The test server's own search semantics, written apart from rasterduck's code (the
 * server is the reference a test compares against): collections, ids, bbox and intersects
 * (items are lon/lat boxes, so box-polygon intersection is exact), datetime intervals with
 * date-only ends covering the whole day, the query extension, a CQL2-JSON subset, and
 * sortby (default datetime desc, then id desc).
 */
import type { TestItem } from './test-items.js';

/** A search as the server receives it (POST body or parsed GET parameters). */
export type Params = Record<string, unknown>;

export class BadRequest extends Error {}

type Pt = [number, number];

function prop(item: TestItem, name: string): unknown {
  const n = name.replace(/^properties\./, '');
  return n === 'id' || n === 'collection' ? item[n] : item.properties[n];
}

function instant(s: string, end: boolean): number {
  if (s === '' || s === '..') return end ? Infinity : -Infinity;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return Date.parse(`${s}T00:00:00Z`) + (end ? 86_400_000 - 1 : 0);
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new BadRequest(`invalid datetime ${s}`);
  return t;
}

function cross(o: Pt, a: Pt, b: Pt): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

function segmentsCross(p1: Pt, p2: Pt, q1: Pt, q2: Pt): boolean {
  const d1 = cross(q1, q2, p1), d2 = cross(q1, q2, p2), d3 = cross(p1, p2, q1), d4 = cross(p1, p2, q2);
  return ((d1 > 0) !== (d2 > 0) || d1 === 0 || d2 === 0) && ((d3 > 0) !== (d4 > 0) || d3 === 0 || d4 === 0) &&
    Math.max(p1[0], p2[0]) >= Math.min(q1[0], q2[0]) && Math.max(q1[0], q2[0]) >= Math.min(p1[0], p2[0]) &&
    Math.max(p1[1], p2[1]) >= Math.min(q1[1], q2[1]) && Math.max(q1[1], q2[1]) >= Math.min(p1[1], p2[1]);
}

function inRing(p: Pt, ring: Pt[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** A lon/lat box against a polygon's outer ring: edges cross, or one lies inside the other. */
function boxMeetsRing(box: number[], ring: Pt[]): boolean {
  const [x0, y0, x1, y1] = box;
  const corners: Pt[] = [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
  if (ring.some(([x, y]) => x >= x0 && x <= x1 && y >= y0 && y <= y1)) return true;
  if (corners.some((c) => inRing(c, ring))) return true;
  for (let i = 0; i < 4; i++) for (let j = 0; j + 1 < ring.length; j++) if (segmentsCross(corners[i], corners[(i + 1) % 4], ring[j], ring[j + 1])) return true;
  return false;
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string' && /^\d{4}-/.test(a) && /^\d{4}-/.test(b)) return Math.sign(Date.parse(a) - Date.parse(b));
  return a === b ? 0 : (a as number) < (b as number) ? -1 : 1;
}

function queryMatches(item: TestItem, q: Record<string, Record<string, unknown>>): boolean {
  return Object.entries(q).every(([name, ops]) => Object.entries(ops).every(([op, arg]) => {
    const v = prop(item, name);
    if (v === undefined) return false;
    const c = compare(v, arg);
    switch (op) {
      case 'eq': return c === 0;
      case 'neq': return c !== 0;
      case 'lt': return c < 0;
      case 'lte': return c <= 0;
      case 'gt': return c > 0;
      case 'gte': return c >= 0;
      case 'in': return (arg as unknown[]).includes(v);
      default: throw new BadRequest(`unsupported query operator ${op}`);
    }
  }));
}

function cql2(item: TestItem, e: { op: string; args: unknown[] }): boolean {
  const val = (a: unknown) => (typeof a === 'object' && a !== null && 'property' in a ? prop(item, (a as { property: string }).property) : a);
  const [a, b] = e.args;
  switch (e.op) {
    case 'and': return e.args.every((x) => cql2(item, x as typeof e));
    case 'or': return e.args.some((x) => cql2(item, x as typeof e));
    case '=': return compare(val(a), val(b)) === 0;
    case '<': return compare(val(a), val(b)) < 0;
    case '<=': return compare(val(a), val(b)) <= 0;
    case '>': return compare(val(a), val(b)) > 0;
    case '>=': return compare(val(a), val(b)) >= 0;
    default: throw new BadRequest(`unsupported cql2 op ${e.op}`);
  }
}

/** The items matching `p`, sorted as the API sorts them. */
export function evaluate(items: readonly TestItem[], p: Params): TestItem[] {
  const colls = p.collections as string[] | undefined;
  const ids = p.ids as string[] | undefined;
  const bbox = p.bbox as number[] | undefined;
  const geom = p.intersects as { type: string; coordinates: Pt[][] } | undefined;
  if (bbox && geom) throw new BadRequest('bbox and intersects are mutually exclusive');
  if (geom && geom.type !== 'Polygon') throw new BadRequest('intersects: only Polygon in this server');
  const [lo, hi] = typeof p.datetime === 'string' ? p.datetime.split('/') : ['..', '..'];
  const t0 = instant(lo, false), t1 = instant(hi ?? lo, true);
  const out = items.filter((it) => {
    const box = it.bbox;
    const t = Date.parse(it.properties.datetime as string);
    return (!colls || colls.includes(it.collection)) && (!ids || ids.includes(it.id)) &&
      (!bbox || (box[0] <= bbox[2] && box[2] >= bbox[0] && box[1] <= bbox[3] && box[3] >= bbox[1])) &&
      (!geom || boxMeetsRing(box, geom.coordinates[0])) && t >= t0 && t <= t1 &&
      (!p.query || queryMatches(it, p.query as Record<string, Record<string, unknown>>)) &&
      (!p.filter || cql2(it, p.filter as { op: string; args: unknown[] }));
  });
  const keys = [...((p.sortby as { field: string; direction: string }[] | undefined) ?? []), { field: 'datetime', direction: 'desc' }, { field: 'id', direction: 'desc' }];
  return out.sort((x, y) => {
    for (const k of keys) {
      const c = compare(prop(x, k.field), prop(y, k.field));
      if (c !== 0) return k.direction === 'desc' ? -c : c;
    }
    return 0;
  });
}
