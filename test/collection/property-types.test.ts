/** Column types inferred from property values, and exact datetimes. */
import { describe, expect, it } from 'vitest';
import { instantOf } from '../../src/collection/instant.js';
import { propertyType, propertyValue } from '../../src/collection/property-types.js';

describe('propertyType', () => {
  it('keeps measurements DOUBLE even when every value is whole, and codes INTEGER', () => {
    expect(propertyType('eo:cloud_cover', [0, 10, 20])).toBe('double');
    expect(propertyType('s2:nodata_pixel_percentage', [0, 3])).toBe('double');
    expect(propertyType('view:sun_elevation', [45])).toBe('double');
    expect(propertyType('proj:epsg', [32613, 32614])).toBe('integer');
    expect(propertyType('mgrs:utm_zone', [13, null, undefined])).toBe('integer');
    expect(propertyType('proj:epsg', [null])).toBe('integer');
  });

  it('widens across items and falls back to JSON for mixed kinds', () => {
    expect(propertyType('n', [1, 2.5])).toBe('double');
    expect(propertyType('n', [1, 2 ** 40])).toBe('bigint');
    expect(propertyType('flag', [true, false, undefined])).toBe('boolean');
    expect(propertyType('platform', ['a', undefined])).toBe('varchar');
    expect(propertyType('instruments', [['msi']])).toBe('json');
    expect(propertyType('odd', [1, 'one'])).toBe('json');
    expect(propertyType('never', [undefined, null])).toBe('varchar');
  });

  it('writes values as their column holds them', () => {
    expect(propertyValue('bigint', 2 ** 40)).toBe(2n ** 40n);
    expect(propertyValue('json', ['msi'])).toBe('["msi"]');
    expect(propertyValue('json', 1)).toBe('1');
    expect(propertyValue('double', undefined)).toBeNull();
  });
});

describe('instantOf', () => {
  it('keeps microseconds, converts offsets to UTC, and gives the UTC year and month', () => {
    expect(instantOf('2024-04-22T17:53:31.123456Z')).toEqual({ iso: '2024-04-22T17:53:31.123456Z', year: 2024, month: 4 });
    expect(instantOf('2024-04-22T17:53:31.12Z')?.iso).toBe('2024-04-22T17:53:31.120000Z');
    expect(instantOf('2024-04-22T17:53:31.123456789Z')?.iso).toBe('2024-04-22T17:53:31.123456Z');
    expect(instantOf('2024-04-30T23:30:00-02:00')).toEqual({ iso: '2024-05-01T01:30:00.000000Z', year: 2024, month: 5 });
    expect(instantOf('2024-04-22')?.iso).toBe('2024-04-22T00:00:00.000000Z');
    expect(instantOf('2024-04-22T10:00:00')?.iso).toBe('2024-04-22T10:00:00.000000Z');
    expect(instantOf('not a date')).toBeUndefined();
  });
});
