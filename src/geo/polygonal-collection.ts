/**
 * A GEOMETRYCOLLECTION of polygons as the MULTIPOLYGON of its polygons. GDAL burns a
 * collection member by member and a multipolygon polygon by polygon, so the two give the
 * same mask; only their windows could differ (rasterio 1.3.5's bounds() forgets the
 * transform for collections), and the multipolygon's window is the one rasterio means.
 */
import { isEmpty, type Geometry, type GeometryCollection, type MultiPolygon, type Ring } from './geometry.js';

/** The collection's polygons, or the first member that is neither polygonal nor empty. */
export type PolygonalResult =
  | { readonly ok: true; readonly geometry: MultiPolygon }
  | { readonly ok: false; readonly member: string; readonly type: Geometry['type'] };

/**
 * Flattens a collection (nested collections included) into one MultiPolygon of its POLYGON
 * and MULTIPOLYGON members, skipping empty members. `member` names the first other member
 * by its 1-based position, e.g. '2' or '3.1' inside a nested collection.
 */
export function polygonalCollection(g: GeometryCollection): PolygonalResult {
  const polygons: (readonly Ring[])[] = [];
  const walk = (c: GeometryCollection, prefix: string): PolygonalResult | undefined => {
    for (const [i, m] of c.geometries.entries()) {
      const member = `${prefix}${i + 1}`;
      if (m.type === 'GeometryCollection') {
        const bad = walk(m, `${member}.`);
        if (bad) return bad;
      } else if (m.type === 'Polygon') {
        if (m.coordinates.length > 0) polygons.push(m.coordinates);
      } else if (m.type === 'MultiPolygon') {
        polygons.push(...m.coordinates.filter((p) => p.length > 0));
      } else if (!isEmpty(m)) {
        return { ok: false, member, type: m.type };
      }
    }
    return undefined;
  };
  return walk(g, '') ?? { ok: true, geometry: { type: 'MultiPolygon', coordinates: polygons } };
}
