/**
 * ST_MakeValid for polygons the way GEOS's MakeValid "linework" method keeps area: the
 * rings' linework is noded, polygonised into faces, and a face is kept when it lies inside
 * an odd number of the input rings (even-odd), so a bow-tie gives both triangles and a hole
 * touching its shell is cut out. Faces are then dissolved. Lines and points are already
 * valid for JTS's checks except collapsed lines, which are returned as they are.
 */
import { engine, type JGeometry } from './jsts.js';

function parts(g: JGeometry): JGeometry[] {
  return Array.from({ length: g.getNumGeometries() }, (_, i) => g.getGeometryN(i));
}

function rings(poly: JGeometry): JGeometry[] {
  if (poly.isEmpty()) return [];
  return [poly.getExteriorRing(), ...Array.from({ length: poly.getNumInteriorRing() }, (_, i) => poly.getInteriorRingN(i))];
}

function validPolygonal(polys: readonly JGeometry[]): JGeometry {
  const { jsts, factory } = engine();
  const ringList = polys.flatMap(rings).map((r) => r.getCoordinates());
  const lines = factory.createMultiLineString(ringList.map((cs) => factory.createLineString(cs)));
  const noded = jsts.operation.union.UnaryUnionOp.union(lines);
  const polygonizer = new jsts.operation.polygonize.Polygonizer();
  polygonizer.add(noded);
  const faces = polygonizer.getPolygons().toArray().filter((face) => {
    const inside = face.getInteriorPoint().getCoordinate();
    if (!inside) return false;
    const depth = ringList.filter((ring) => jsts.algorithm.PointLocation.isInRing(inside, ring)).length;
    return depth % 2 === 1;
  });
  return jsts.operation.union.UnaryUnionOp.union(factory.createMultiPolygon(faces));
}

/** A valid version of a JSTS geometry (the same object when it is valid already). */
export function makeValidJsts(g: JGeometry): JGeometry {
  if (g.isValid()) return g;
  const type = g.getGeometryType();
  if (type === 'Polygon') return validPolygonal([g]);
  if (type === 'MultiPolygon') return validPolygonal(parts(g));
  if (type === 'GeometryCollection') return g.getFactory().createGeometryCollection(parts(g).map(makeValidJsts));
  return g;
}
