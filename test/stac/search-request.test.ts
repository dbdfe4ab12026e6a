/** The pure search helpers: date ranges as STAC intervals, sort keys, GET query strings. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { datetimeInterval, parseSortby, searchQueryString } from '../../src/stac/search-request.js';

describe('datetimeInterval', () => {
  it('makes a date-only end cover the whole day, and keeps instants', () => {
    expect(datetimeInterval(['2024-04-05', '2024-04-22'])).toBe('2024-04-05T00:00:00Z/2024-04-22T23:59:59.999999Z');
    expect(datetimeInterval(['2024-04-05'])).toBe('2024-04-05T00:00:00Z/2024-04-05T23:59:59.999999Z');
    expect(datetimeInterval(['2024-04-05T10:00:00Z', '..'])).toBe('2024-04-05T10:00:00Z/..');
    expect(datetimeInterval([null, '2024-04-22'])).toBe('../2024-04-22T23:59:59.999999Z');
    // DuckDB's text for TIMESTAMPTZ and a naive instant (UTC)
    expect(datetimeInterval(['2024-04-05 10:00:00+00', '2024-04-06T01:02:03'])).toBe('2024-04-05T10:00:00Z/2024-04-06T01:02:03Z');
  });

  it('refuses what is not a date', () => {
    expect(() => datetimeInterval(['2024-02-30'])).toThrow(InputError);
    expect(() => datetimeInterval(['yesterday', '2024-01-01'])).toThrow(/'yesterday' is not a date/);
    expect(() => datetimeInterval(['2024-01-01', '2024-01-02', '2024-01-03'])).toThrow(/1 or 2 values/);
  });
});

describe('parseSortby', () => {
  it('reads +/- prefixes, ascending by default', () => {
    expect(parseSortby('-datetime, eo:cloud_cover,+id')).toEqual([
      { field: 'datetime', direction: 'desc' }, { field: 'eo:cloud_cover', direction: 'asc' }, { field: 'id', direction: 'asc' },
    ]);
    expect(() => parseSortby('a,,b')).toThrow(/empty field/);
  });
});

describe('searchQueryString', () => {
  it('writes lists comma-separated and objects as JSON, as the GET search expects', () => {
    const qs = new URLSearchParams(searchQueryString({
      collections: ['a', 'b'], bbox: [1, 2, 3, 4], datetime: 'x/y', limit: 10, query: { 'eo:cloud_cover': { lt: 5 } },
      intersects: { type: 'Point', coordinates: [1, 2] }, sortby: [{ field: 'datetime', direction: 'desc' }], filter: { op: '=', args: [1, 1] },
    }));
    expect(Object.fromEntries(qs)).toEqual({
      collections: 'a,b', bbox: '1,2,3,4', datetime: 'x/y', limit: '10', query: '{"eo:cloud_cover":{"lt":5}}',
      intersects: '{"type":"Point","coordinates":[1,2]}', sortby: '-datetime', filter: '{"op":"=","args":[1,1]}', 'filter-lang': 'cql2-json',
    });
  });
});
