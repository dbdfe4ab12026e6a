/**
 * Field polygons for the chip benchmarks: seeded, irregular convex polygons of about
 * 64 x 64 pixels at random spots of a north-up raster, in the raster's CRS, written as WKT
 * for SQL and as GeoJSON for rasterio (no shapely in Debian's Python here).
 */
import { seededRandom } from '../../src/seeded-random.js';

/** A north-up grid: origin (top-left corner) and pixel size, in the CRS's units. */
export interface Grid {
  readonly originX: number;
  readonly originY: number;
  readonly pixel: number;
  readonly width: number;
  readonly height: number;
}

/** One closed ring of [x, y] vertices, first vertex repeated last. */
export type Ring = readonly (readonly [number, number])[];

export { seededRandom as random };

/**
 * A convex polygon of 5 to 8 vertices on an ellipse of radii `size / 2` pixels (±15%),
 * centred at a random spot at least `size` pixels from the edges; vertices fall at
 * fractional map coordinates, so no pixel centre lies exactly on an edge.
 */
export function fieldRing(grid: Grid, rand: () => number, size = 64): Ring {
  const cx = size + rand() * (grid.width - 2 * size);
  const cy = size + rand() * (grid.height - 2 * size);
  const rx = (size / 2) * (0.85 + 0.3 * rand());
  const ry = (size / 2) * (0.85 + 0.3 * rand());
  const n = 5 + Math.floor(rand() * 4);
  const turn = rand() * 2 * Math.PI;
  const ring: [number, number][] = [];
  for (let k = 0; k < n; k++) {
    // counter-clockwise in map coordinates (y up), as GeoJSON's right-hand rule asks
    const angle = turn + (2 * Math.PI * (k + 0.4 * rand())) / n;
    const px = cx + rx * Math.cos(angle);
    const py = cy - ry * Math.sin(angle);
    ring.push([grid.originX + px * grid.pixel, grid.originY - py * grid.pixel]);
  }
  ring.push(ring[0]);
  return ring;
}

/** The ring as WKT text, which read_chip accepts as a geometry. */
export function toWkt(ring: Ring): string {
  return `POLYGON((${ring.map(([x, y]) => `${x} ${y}`).join(', ')}))`;
}

/** The ring as a GeoJSON Polygon, which rasterio.mask.mask accepts. */
export function toGeoJson(ring: Ring): { type: 'Polygon'; coordinates: number[][][] } {
  return { type: 'Polygon', coordinates: [ring.map(([x, y]) => [x, y])] };
}
