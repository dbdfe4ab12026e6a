// Macros are registered through their declarations: a missing file, a macro its file does not
// create, a macro no declaration names and a parameter list that drifted all fail loudly.
import { describe, expect, it } from 'vitest';
import { macro, type MacroDef } from '../../src/udfs/define.js';
import { macroParamsText, macroStatements } from '../../src/sql-macros.js';

const footprint: MacroDef = macro({
  name: 'cog_footprint', kind: 'macro', file: 'cog_footprint', summary: 'test', params: [{ name: 'meta', type: 'STRUCT' }], returns: 'GEOMETRY',
});

describe('macro declarations', () => {
  it('reads a declared family file as temp macros', () => {
    const [sql] = macroStatements([footprint]);
    expect(sql).toMatch(/^CREATE OR REPLACE TEMP MACRO cog_footprint\(meta\) AS/m);
  });

  it('fails naming the file when a declared family has no file', () => {
    expect(() => macroStatements([{ ...footprint, file: 'no_such_family' }])).toThrow(/sql\/macros\/no_such_family\.sql\): cannot read the SQL of cog_footprint.*reinstall/);
  });

  it('fails when the file does not create the declared macro, or creates one nobody declared', () => {
    expect(() => macroStatements([{ ...footprint, file: 'read_chips' }])).toThrow(/read_chips\.sql\): creates read_chips, which no declaration/);
    expect(() => macroStatements([footprint, { ...footprint, name: 'cog_outline' }])).toThrow(/cog_footprint\.sql\): does not create the macro cog_outline/);
  });

  it('fails when the declared parameters differ from the SQL', () => {
    expect(() => macroStatements([{ ...footprint, params: [{ name: 'meta', type: 'STRUCT', default: 'NULL' }] }])).toThrow(/cog_footprint's parameters are \(meta\) but its declaration says \(meta := NULL\)/);
  });

  it('reads a parameter list with nested brackets and quotes', () => {
    expect(macroParamsText("CREATE MACRO f(a, b := ['x)', 'y'], c := {'k': (1)}) AS TABLE SELECT 1", 'f')).toBe("a, b := ['x)', 'y'], c := {'k': (1)}");
  });
});
