// The COPY line format and option parsing, against lines written by hand from Postgres'
// COPY documentation (text: backslash escapes, the delimiter escaped, \N; CSV: quoting rules).
import { describe, expect, it } from 'vitest';
import { copyLine, parseCopyTo } from '../../src/serve/copy-out.js';

const text = parseCopyTo('COPY (SELECT 1) TO STDOUT')!.options;
const csv = parseCopyTo("COPY (SELECT 1) TO STDOUT WITH (FORMAT csv, DELIMITER ';', QUOTE '''')")!.options;

describe('COPY TO STDOUT format', () => {
  it('escapes the delimiter, backslash and control characters in text format', () => {
    expect(copyLine(['a\tb', 'c\\d', null, 'x\ry\u000bz', ''], text)).toBe('a\\tb\tc\\\\d\t\\N\tx\\ry\\vz\t\n');
    const pipes = parseCopyTo("COPY t TO STDOUT (DELIMITER '|')")!.options;
    expect(copyLine(['a|b', 'tab\there'], pipes)).toBe('a\\|b|tab\\there\n');
  });

  it('quotes CSV fields with the delimiter, quote, line breaks, empty strings and \\. only', () => {
    expect(copyLine(['plain', 'semi;colon', "it's", 'two\nlines', '', null, '\\.', 'a,b'], csv)).toBe("plain;'semi;colon';'it''s';'two\nlines';'';;'\\.';a,b\n");
  });

  it('reads both option syntaxes, the table form with columns, and leaves other statements alone', () => {
    expect(parseCopyTo('copy (select 1) to stdout with csv header')?.options).toMatchObject({ csv: true, header: true, delimiter: ',', null: '' });
    expect(parseCopyTo('COPY (SELECT 1) TO STDOUT (FORMAT csv, HEADER false);')?.options).toMatchObject({ csv: true, header: false });
    expect(parseCopyTo('COPY main.notes (note, id) TO STDOUT')).toMatchObject({ query: 'SELECT note, id FROM main.notes', options: { csv: false, null: '\\N', delimiter: '\t' } });
    expect(parseCopyTo("COPY t TO 'out.csv' (FORMAT csv)")).toBeUndefined();
    expect(parseCopyTo("SELECT 'COPY (x) TO STDOUT'")).toBeUndefined();
    expect(() => parseCopyTo('COPY (SELECT 1) TO STDOUT (FORMAT binary)')).toThrow(/binary/);
    expect(() => parseCopyTo('COPY (SELECT 1) TO STDOUT (FORCE_QUOTE *)')).toThrow(/FORCE_QUOTE/);
  });
});
