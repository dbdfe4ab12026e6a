import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { FileReader } from '../../src/io/file-reader.js';
import { HttpReader } from '../../src/io/http-reader.js';
import { openReader, schemeReader } from '../../src/io/open-reader.js';

describe('schemeReader', () => {
  it('picks the reader by scheme, GDAL /vsicurl/ and /vsis3/ paths included', () => {
    expect(schemeReader('/data/a.tif')).toBeInstanceOf(FileReader);
    expect(schemeReader('file:///data/a.tif')).toBeInstanceOf(FileReader);
    expect(schemeReader('C:\\data\\a.tif')).toBeInstanceOf(FileReader);
    expect(schemeReader('https://example.org/a.tif')).toBeInstanceOf(HttpReader);
    expect(schemeReader('/vsicurl/https://example.org/a.tif').url).toBe('https://example.org/a.tif');
    const prev = process.env.AWS_NO_SIGN_REQUEST;
    process.env.AWS_NO_SIGN_REQUEST = 'YES';
    try {
      expect(schemeReader('/vsis3/bucket/a.tif').url).toBe('s3://bucket/a.tif');
    } finally {
      if (prev === undefined) delete process.env.AWS_NO_SIGN_REQUEST;
      else process.env.AWS_NO_SIGN_REQUEST = prev;
    }
  });

  it('refuses other schemes with an InputError that says what works', () => {
    expect(() => schemeReader('gs://bucket/a.tif')).toThrow(InputError);
    expect(() => schemeReader('gs://bucket/a.tif')).toThrow(/^\(gs:\/\/bucket\/a\.tif\): unsupported URL scheme 'gs:'\. Use .*https:\/\/storage\.googleapis\.com/);
  });
});

describe('openReader', () => {
  it('returns the same composed reader for the same URL', () => {
    expect(openReader('/data/x.tif')).toBe(openReader('/data/x.tif'));
    expect(openReader('/data/x.tif')).not.toBe(openReader('/data/y.tif'));
    expect(openReader('/data/x.tif').url).toBe('/data/x.tif');
  });
});
