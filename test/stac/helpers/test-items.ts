/**
 * The items the test STAC API serves, shaped like Earth Search's Sentinel-2 L2A items:
 * MGRS tiles as lon/lat boxes on a 0.1 degree grid, one scene per tile and pass, datetimes
 * with microseconds, and assets red/nir/scl (served COGs) plus thumbnail (never served).
 * Deterministic, so tests can compute what a search must return without the code under test.
 */

/** A GeoJSON polygon ring list. */
export type PolygonCoords = number[][][];

/** A test item, as served (asset hrefs are made absolute by the server). */
export interface TestItem {
  type: 'Feature';
  stac_version: '1.0.0';
  stac_extensions: string[];
  id: string;
  collection: string;
  geometry: { type: 'Polygon'; coordinates: PolygonCoords } | string;
  bbox: [number, number, number, number];
  properties: Record<string, unknown>;
  assets: Record<string, Record<string, unknown>>;
  links: unknown[];
}

/** Tiles across and down the grid; item i sits on tile i % TILES. */
export const GRID = 10;
export const TILES = GRID * GRID;
const WEST = -106;
const SOUTH = 39;
const STEP = 0.1;

/** The lon/lat box of tile `t`. */
export function tileBox(t: number): [number, number, number, number] {
  const x0 = WEST + (t % GRID) * STEP;
  const y0 = SOUTH + Math.floor(t / GRID) * STEP;
  return [round(x0), round(y0), round(x0 + STEP), round(y0 + STEP)];
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** The scene time of item `i`: one pass every 6 hours from 2024-01-01T17:53:10, with microseconds. */
export function itemDatetime(i: number): string {
  const ms = Date.UTC(2024, 0, 1, 17, 53, 10) + i * 6 * 3600_000;
  const micros = String((i * 7919) % 1_000_000).padStart(6, '0');
  return `${new Date(ms).toISOString().slice(0, 19)}.${micros}Z`;
}

/** Cloud cover: whole on every fifth item (0, 10, ...), so a column typed from values alone would become INTEGER. */
export function cloudCover(i: number): number {
  return i % 5 === 0 ? (i % 7) * 10 : round(((i * 37) % 1000) / 10 + 0.123);
}

/** The `count` items of `collection`, in creation order. */
export function makeItems(collection: string, count: number): TestItem[] {
  return Array.from({ length: count }, (_, i) => makeItem(collection, i));
}

function makeItem(collection: string, i: number): TestItem {
  const t = i % TILES;
  const [x0, y0, x1, y1] = tileBox(t);
  const square = `${String.fromCharCode(65 + (t % GRID))}${String.fromCharCode(65 + Math.floor(t / GRID))}`;
  const dt = itemDatetime(i);
  const sat = i % 2 === 0 ? 'A' : 'B';
  const id = `S2${sat}_13T${square}_${dt.slice(0, 10).replace(/-/g, '')}_${i}_L2A`;
  const asset = (key: string, title: string, dtype: string) => ({
    href: `/cogs/${collection}/${id}/${key}.tif`, type: 'image/tiff; application=geotiff; profile=cloud-optimized',
    title, roles: ['data'], 'raster:bands': [{ nodata: 0, data_type: dtype }],
  });
  return {
    type: 'Feature', stac_version: '1.0.0',
    stac_extensions: ['https://stac-extensions.github.io/eo/v1.1.0/schema.json', 'https://stac-extensions.github.io/projection/v1.1.0/schema.json'],
    id, collection,
    geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] },
    bbox: [x0, y0, x1, y1],
    properties: {
      datetime: dt, created: new Date(Date.parse(dt) + 5 * 3600_000).toISOString(),
      platform: `sentinel-2${sat.toLowerCase()}`, constellation: 'sentinel-2', instruments: ['msi'],
      'eo:cloud_cover': cloudCover(i), 'proj:epsg': 32613, 'mgrs:utm_zone': 13, 'mgrs:latitude_band': 'T',
      'mgrs:grid_square': square, 'grid:code': `MGRS-13T${square}`, 's2:nodata_pixel_percentage': round((i % 13) * 1.5),
      'earthsearch:boa_offset_applied': i % 3 === 0,
    },
    assets: {
      red: asset('red', 'Red (band 4) - 10m', 'uint16'),
      nir: asset('nir', 'NIR 1 (band 8) - 10m', 'uint16'),
      scl: asset('scl', 'Scene classification map (SCL)', 'uint8'),
      // Planetary Computer's key for the red band, so pc/ catalog datasets resolve against this API
      B04: asset('red', 'Band 4 - Red - 10m', 'uint16'),
      thumbnail: { href: `/cogs/${collection}/${id}/thumbnail.jpg`, type: 'image/jpeg', roles: ['thumbnail'] },
    },
    links: [],
  };
}
