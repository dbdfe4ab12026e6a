/**
 * rasterduck's GeoJSON-shaped geometries to JSTS geometries and back. Empty points are
 * (NaN, NaN) on our side, as WKB writes them, and JTS's empty points on the other.
 */
import { EMPTY_POSITION, isEmptyPosition, type Geometry, type Position, type Ring } from '../geometry.js';
import { engine, type JCoordinate, type JFactory, type JGeometry } from './jsts.js';

/** A rasterduck geometry as a JSTS geometry. */
export function toJsts(g: Geometry): JGeometry {
  const { jsts, factory: f } = engine();
  const C = jsts.geom.Coordinate;
  const coords = (ps: readonly Position[]) => ps.map((p) => new C(p[0], p[1]));
  const point = (p: Position) => (isEmptyPosition(p) ? f.createPoint() : f.createPoint(new C(p[0], p[1])));
  const polygon = (rings: readonly Ring[]) =>
    rings.length === 0 || rings[0].length === 0
      ? f.createPolygon()
      : f.createPolygon(f.createLinearRing(coords(rings[0])), rings.slice(1).map((r) => f.createLinearRing(coords(r))));
  switch (g.type) {
    case 'Point':
      return point(g.coordinates);
    case 'LineString':
      return f.createLineString(coords(g.coordinates));
    case 'Polygon':
      return polygon(g.coordinates);
    case 'MultiPoint':
      return f.createMultiPoint(g.coordinates.map(point));
    case 'MultiLineString':
      return f.createMultiLineString(g.coordinates.map((l) => f.createLineString(coords(l))));
    case 'MultiPolygon':
      return f.createMultiPolygon(g.coordinates.map(polygon));
    case 'GeometryCollection':
      return f.createGeometryCollection(g.geometries.map(toJsts));
  }
}

const position = (c: JCoordinate): Position => [c.x, c.y];
const ringOf = (ring: JGeometry): Position[] => ring.getCoordinates().map(position);

function polygonRings(p: JGeometry): Position[][] {
  if (p.isEmpty()) return [];
  const holes = Array.from({ length: p.getNumInteriorRing() }, (_, i) => ringOf(p.getInteriorRingN(i)));
  return [ringOf(p.getExteriorRing()), ...holes];
}

function parts(g: JGeometry): JGeometry[] {
  return Array.from({ length: g.getNumGeometries() }, (_, i) => g.getGeometryN(i));
}

/** A JSTS geometry as a rasterduck geometry. */
export function fromJsts(g: JGeometry): Geometry {
  switch (g.getGeometryType()) {
    case 'Point': {
      const c = g.getCoordinate();
      return { type: 'Point', coordinates: c ? position(c) : EMPTY_POSITION };
    }
    case 'LineString':
    case 'LinearRing':
      return { type: 'LineString', coordinates: g.getCoordinates().map(position) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: polygonRings(g) };
    case 'MultiPoint':
      return { type: 'MultiPoint', coordinates: parts(g).map((p) => p.getCoordinate()).map((c) => (c ? position(c) : EMPTY_POSITION)) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: parts(g).map((l) => l.getCoordinates().map(position)) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: parts(g).map(polygonRings) };
    default:
      return { type: 'GeometryCollection', geometries: parts(g).map(fromJsts) };
  }
}

/** The factory, for operations that build geometries. */
export function factory(): JFactory {
  return engine().factory;
}
