// Macros are registered through their declarations: a missing file, a macro its file does not
// create, a macro no declaration names and a parameter list that drifted all fail loudly.
import { describe, expect, it } from 'vitest';
import { macro, type MacroDef } from '../../src/udfs/define.js';
import { macroParamsText, macroStatements } from '../../src/sql-macros.js';

// sample_points.sql creates exactly one macro, so it serves as the family under test
const points: MacroDef = macro({
  name: 'sample_points', kind: 'table macro', file: 'sample_points', summary: 'test', returns: 'TABLE',
  params: [{ name: 'collection', type: 'VARCHAR' }, { name: 'points', type: 'VARCHAR' }, { name: 'bands', type: 'VARCHAR[]', default: "['red']" }, { name: 'geometry_crs', type: 'VARCHAR', default: "'EPSG:4326'" }],
});

describe('macro declarations', () => {
  it('reads a declared family file as temp macros', () => {
    const [sql] = macroStatements([points]);
    expect(sql).toMatch(/^CREATE OR REPLACE TEMP MACRO sample_points\(collection, points, /m);
  });

  it('fails naming the file when a declared family has no file', () => {
    expect(() => macroStatements([{ ...points, file: 'no_such_family' }])).toThrow(/sql\/macros\/no_such_family\.sql\): cannot read the SQL of sample_points.*reinstall/);
  });

  it('fails when the file does not create the declared macro, or creates one nobody declared', () => {
    expect(() => macroStatements([{ ...points, file: 'read_chips' }])).toThrow(/read_chips\.sql\): creates read_chips, which no declaration/);
    expect(() => macroStatements([points, { ...points, name: 'sample_pixels' }])).toThrow(/sample_points\.sql\): does not create the macro sample_pixels/);
  });

  it('fails when the declared parameters differ from the SQL', () => {
    expect(() => macroStatements([{ ...points, params: points.params.slice(0, 2) }])).toThrow(/sample_points's parameters are \(collection, points, bands := \['red'\], geometry_crs := 'EPSG:4326'\) but its declaration says \(collection, points\)/);
  });

  it('reads a parameter list with nested brackets and quotes', () => {
    expect(macroParamsText("CREATE MACRO f(a, b := ['x)', 'y'], c := {'k': (1)}) AS TABLE SELECT 1", 'f')).toBe("a, b := ['x)', 'y'], c := {'k': (1)}");
  });
});
