/**
 * The filters applied locally to static sources, on hand-made items whose answers are
 * worked out by hand: bbox and intersects (exact, not by bounding box), datetime ranges,
 * the query extension, CQL2-JSON, and sorting.
 */
import { describe, expect, it } from 'vitest';
import { itemPredicate, sortItems } from '../../src/stac/item-filter.js';
import type { StacItem } from '../../src/stac/stac-types.js';

function item(id: string, x0: number, y0: number, props: Record<string, unknown>, collection = 'c'): StacItem {
  const ring = [[x0, y0], [x0 + 1, y0], [x0 + 1, y0 + 1], [x0, y0 + 1], [x0, y0]];
  return { id, collection, geometry: { type: 'Polygon', coordinates: [ring] }, properties: props as StacItem['properties'], assets: {} };
}

const ITEMS = [
  item('a', 0, 0, { datetime: '2024-01-01T10:00:00Z', 'eo:cloud_cover': 5, platform: 'sentinel-2a' }),
  item('b', 2, 0, { datetime: '2024-01-31T23:59:59.5Z', 'eo:cloud_cover': 50, platform: 'sentinel-2b' }),
  item('c', 0, 2, { datetime: null, start_datetime: '2024-01-15T00:00:00Z', end_datetime: '2024-02-15T00:00:00Z', 'eo:cloud_cover': 20 }, 'other'),
  item('d', 2, 2, { datetime: '2024-03-01T00:00:00Z', platform: 'landsat-9' }),
];

const ids = (body: Parameters<typeof itemPredicate>[0]) => ITEMS.filter(itemPredicate(body)).map((i) => i.id);

describe('itemPredicate', () => {
  it('bbox and intersects test exact geometry', () => {
    expect(ids({ bbox: [0.5, 0.5, 2.5, 0.8], limit: 10 })).toEqual(['a', 'b']);
    // a triangle whose bounding box touches all four squares but whose area misses d
    const triangle = { type: 'Polygon', coordinates: [[[0.5, 0.5], [2.5, 0.5], [0.5, 2.5], [0.5, 0.5]]] };
    expect(ids({ intersects: triangle, limit: 10 })).toEqual(['a', 'b', 'c']);
  });

  it('datetime ranges include whole end days and overlapping item ranges', () => {
    expect(ids({ datetime: '2024-01-31T00:00:00Z/2024-01-31T23:59:59.999999Z', limit: 10 })).toEqual(['b', 'c']);
    expect(ids({ datetime: '2024-02-01T00:00:00Z/..', limit: 10 })).toEqual(['c', 'd']);
    expect(ids({ datetime: '../2024-01-01T10:00:00Z', limit: 10 })).toEqual(['a']);
  });

  it('collections, ids, query operators and CQL2', () => {
    expect(ids({ collections: ['other'], limit: 10 })).toEqual(['c']);
    expect(ids({ ids: ['d', 'zz'], limit: 10 })).toEqual(['d']);
    expect(ids({ query: { 'eo:cloud_cover': { lt: 20 } }, limit: 10 })).toEqual(['a']);
    expect(ids({ query: { 'eo:cloud_cover': { gte: 20, lte: 50 } }, limit: 10 })).toEqual(['b', 'c']);
    expect(ids({ query: { platform: { in: ['landsat-9', 'sentinel-2b'] } }, limit: 10 })).toEqual(['b', 'd']);
    expect(ids({ query: { platform: { startsWith: 'sentinel' } }, limit: 10 })).toEqual(['a', 'b']);
    const filter = { op: 'or', args: [{ op: '<', args: [{ property: 'eo:cloud_cover' }, 10] }, { op: 'like', args: [{ property: 'platform' }, 'landsat%'] }] };
    expect(ids({ filter, limit: 10 })).toEqual(['a', 'd']);
    const between = { op: 'and', args: [{ op: 'between', args: [{ property: 'eo:cloud_cover' }, 10, 60] }, { op: 'not', args: [{ op: 'isNull', args: [{ property: 'platform' }] }] }] };
    expect(ids({ filter: between, limit: 10 })).toEqual(['b']);
    const spatial = { op: 's_intersects', args: [{ property: 'geometry' }, { type: 'Point', coordinates: [2.5, 2.5] }] };
    expect(ids({ filter: spatial, limit: 10 })).toEqual(['d']);
    expect(() => ids({ filter: { op: 't_during', args: [] }, limit: 10 })).toThrow(/operator 't_during' is not supported/);
    expect(() => ids({ query: { platform: { regex: 'x' } }, limit: 10 })).toThrow(/query operator 'regex'/);
  });
});

describe('sortItems', () => {
  it('sorts by keys in order, missing values last, stable between equals', () => {
    const sorted = sortItems(ITEMS, [{ field: 'eo:cloud_cover', direction: 'desc' }]).map((i) => i.id);
    expect(sorted).toEqual(['b', 'c', 'a', 'd']);
    expect(sortItems(ITEMS, [{ field: 'properties.platform', direction: 'asc' }, { field: 'id', direction: 'desc' }]).map((i) => i.id)).toEqual(['d', 'a', 'b', 'c']);
  });
});
