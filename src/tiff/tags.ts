/**
 * TIFF tag ids and field types: the numbers from TIFF 6.0, the BigTIFF proposal, the
 * GeoTIFF 1.1 standard and GDAL's private tags, with names for error messages.
 */

/** The tags rasterduck decodes, by name. Every other tag is skipped unread. */
export const Tag = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  Photometric: 262,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  PlanarConfiguration: 284,
  Predictor: 317,
  ColorMap: 320,
  TileWidth: 322,
  TileLength: 323,
  TileOffsets: 324,
  TileByteCounts: 325,
  ExtraSamples: 338,
  SampleFormat: 339,
  JPEGTables: 347,
  ModelPixelScale: 33550,
  ModelTiepoint: 33922,
  ModelTransformation: 34264,
  GeoKeyDirectory: 34735,
  GeoDoubleParams: 34736,
  GeoAsciiParams: 34737,
  GdalMetadata: 42112,
  GdalNodata: 42113,
  LercParameters: 50674,
} as const;

/** A tag id rasterduck decodes. */
export type TagId = (typeof Tag)[keyof typeof Tag];

const TAG_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(Tag).map(([name, id]) => [id, name]),
);

/** True when rasterduck decodes this tag; all others are skipped without reading their values. */
export function isKnownTag(id: number): id is TagId {
  return TAG_NAMES.has(id);
}

/** A tag's name for messages, e.g. `TileOffsets (324)`; unknown ids print as `tag 1234`. */
export function tagName(id: number): string {
  const name = TAG_NAMES.get(id);
  return name === undefined ? `tag ${id}` : `${name} (${id})`;
}

/** TIFF field types: 1-12 from TIFF 6.0 section 2, 13 from TIFF Technical Note 1, 16-18 from BigTIFF. */
export const FieldType = {
  BYTE: 1,
  ASCII: 2,
  SHORT: 3,
  LONG: 4,
  RATIONAL: 5,
  SBYTE: 6,
  UNDEFINED: 7,
  SSHORT: 8,
  SLONG: 9,
  SRATIONAL: 10,
  FLOAT: 11,
  DOUBLE: 12,
  IFD: 13,
  LONG8: 16,
  SLONG8: 17,
  IFD8: 18,
} as const;

/** A field type id. */
export type FieldTypeId = (typeof FieldType)[keyof typeof FieldType];

const FIELD_SIZES: ReadonlyMap<number, number> = new Map([
  [FieldType.BYTE, 1], [FieldType.ASCII, 1], [FieldType.SHORT, 2], [FieldType.LONG, 4],
  [FieldType.RATIONAL, 8], [FieldType.SBYTE, 1], [FieldType.UNDEFINED, 1],
  [FieldType.SSHORT, 2], [FieldType.SLONG, 4], [FieldType.SRATIONAL, 8],
  [FieldType.FLOAT, 4], [FieldType.DOUBLE, 8], [FieldType.IFD, 4],
  [FieldType.LONG8, 8], [FieldType.SLONG8, 8], [FieldType.IFD8, 8],
]);

/** Bytes per value of a field type, or undefined for a type TIFF does not define (0, 14, 15, 19+). */
export function fieldSize(type: number): number | undefined {
  return FIELD_SIZES.get(type);
}

const FIELD_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(FieldType).map(([name, id]) => [id, name]),
);

/** A field type's name for messages, e.g. `SHORT (3)`. */
export function fieldTypeName(type: number): string {
  const name = FIELD_NAMES.get(type);
  return name === undefined ? `unknown type ${type}` : `${name} (${type})`;
}

/** Unsigned integer types: the only ones TIFF allows for sizes, offsets and counts. */
export const UNSIGNED_TYPES: readonly number[] = [
  FieldType.BYTE, FieldType.SHORT, FieldType.LONG, FieldType.LONG8, FieldType.IFD, FieldType.IFD8,
];

/** Every integer type: libtiff reads an unsigned tag from any of them when the value fits. */
export const INTEGER_TYPES: readonly number[] = [
  ...UNSIGNED_TYPES, FieldType.SBYTE, FieldType.SSHORT, FieldType.SLONG, FieldType.SLONG8,
];

/** Types that decode to plain numbers (everything but ASCII and UNDEFINED). */
export const NUMERIC_TYPES: readonly number[] = [
  ...INTEGER_TYPES, FieldType.RATIONAL, FieldType.SRATIONAL, FieldType.FLOAT, FieldType.DOUBLE,
];

/** GeoKey ids (GeoTIFF 1.1, section 7) that the georeference and CRS code reads. */
export const GeoKey = {
  GTModelType: 1024,
  GTRasterType: 1025,
  GTCitation: 1026,
  GeographicType: 2048,
  GeogCitation: 2049,
  ProjectedCSType: 3072,
  PCSCitation: 3073,
  VerticalCSType: 4096,
} as const;
