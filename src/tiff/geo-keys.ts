/**
 * The GeoKeyDirectory (GeoTIFF 1.1 section 7.1): a SHORT array of a 4-value header
 * {KeyDirectoryVersion, KeyRevision, MinorRevision, NumberOfKeys} then one
 * {KeyID, TIFFTagLocation, Count, ValueOffset} entry per key.
 */
import { Tag } from './tags.js';
import { tiffError } from './tiff-error.js';

/** Decoded GeoKeys: key id -> a SHORT or DOUBLE (count 1), several of them, or an ASCII string. */
export type GeoKeys = Readonly<Record<number, number | readonly number[] | string>>;

/** The parameter tags a GeoKey can point into. */
export interface GeoKeyParams {
  readonly doubles?: readonly number[];
  readonly ascii?: string;
}

/**
 * Decodes a GeoKeyDirectory against GeoDoubleParams (34736) and GeoAsciiParams (34737).
 * Throws FormatError (naming `url`) for a directory libgeotiff would reject: a version
 * other than 1, more keys than entries, or a key pointing outside its parameter tag.
 */
export function decodeGeoKeys(directory: readonly number[], params: GeoKeyParams, url: string): GeoKeys {
  const fail = (reason: string) => tiffError(url, `GeoKeyDirectory (34735): ${reason}`);
  if (directory.length < 4) throw fail(`${directory.length} values are too few for its 4-value header`);
  if (directory[0] !== 1) throw fail(`KeyDirectoryVersion ${directory[0]} is not 1`);
  const keyCount = directory[3];
  if (4 + 4 * keyCount > directory.length) throw fail(`it lists ${keyCount} keys but holds ${Math.floor((directory.length - 4) / 4)}`);
  const keys: Record<number, number | readonly number[] | string> = {};
  for (let k = 0; k < keyCount; k++) {
    const [id, location, count, valueOffset] = directory.slice(4 + 4 * k, 8 + 4 * k);
    keys[id] = keyValue({ location, count, valueOffset }, directory, params, (r) => fail(`key ${id}: ${r}`));
  }
  return keys;
}

interface KeyEntry {
  readonly location: number;
  readonly count: number;
  readonly valueOffset: number;
}

function keyValue(entry: KeyEntry, directory: readonly number[], params: GeoKeyParams, fail: (r: string) => Error): number | readonly number[] | string {
  const { location, count, valueOffset } = entry;
  switch (location) {
    // Location 0: the SHORT value is ValueOffset itself (GeoTIFF 1.1 7.1.4)
    case 0:
      return valueOffset;
    case Tag.GeoKeyDirectory:
      return oneOrMany(slice(directory, valueOffset, count, 'GeoKeyDirectory', fail));
    case Tag.GeoDoubleParams:
      return oneOrMany(slice(params.doubles ?? [], valueOffset, count, 'GeoDoubleParams (34736)', fail));
    case Tag.GeoAsciiParams:
      return asciiValue(params.ascii, valueOffset, count, fail);
    default:
      throw fail(`its values are in tag ${location}, which GeoTIFF does not allow`);
  }
}

function slice(values: readonly number[], offset: number, count: number, name: string, fail: (r: string) => Error): readonly number[] {
  if (count === 0 || offset + count > values.length) {
    throw fail(`values ${offset}..${offset + count - 1} are outside ${name} (${values.length} values)`);
  }
  return values.slice(offset, offset + count);
}

function oneOrMany(values: readonly number[]): number | readonly number[] {
  return values.length === 1 ? values[0] : values;
}

/** GeoTIFF 1.1 7.1.4: ASCII keys end in '|' (the separator), which libgeotiff drops. */
function asciiValue(ascii: string | undefined, offset: number, count: number, fail: (r: string) => Error): string {
  const text = ascii ?? '';
  if (offset + count > text.length + 1) {
    throw fail(`characters ${offset}..${offset + count - 1} are outside GeoAsciiParams (34737) (${text.length} characters)`);
  }
  const value = text.slice(offset, offset + count);
  return value.endsWith('|') ? value.slice(0, -1) : value.replace(/\0+$/, '');
}
