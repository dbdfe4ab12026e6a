/**
 * One object per SQL function: its name, signature, docs, example and adapter, in the
 * way duckdb-spatial declares its functions. `registerFunctions` turns these objects into
 * DuckDB registrations; `npm run docs` turns the same objects into docs/functions.md, so
 * the reference cannot drift from what is registered.
 */
import {
  DuckDBArrayValue,
  DuckDBBlobValue,
  DuckDBConnection,
  DuckDBGeometryValue,
  DuckDBListValue,
  DuckDBStructValue,
  DuckDBStructVector,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTypeId,
  DuckDBScalarFunction,
  DuckDBTableFunction,
  DuckDBType,
  JSDuckDBValueConverter,
  jsToDuckDBValue,
  type DuckDBDataChunk,
  type DuckDBTableFunctionBindInfo,
  type DuckDBValue,
} from '../duckdb.js';
import { asRasterduckError } from '../errors.js';

/** A JS value as @duckdb/node-api's JS converter gives and takes it. */
export type JsValue = unknown;

/** An example query and the first cell of its expected output, as DuckDB prints it in JSON. */
export interface Example {
  readonly sql: string;
  /** Expected value of the first column of the first row (JSON-equal), when deterministic. */
  readonly expect?: JsValue;
}

interface Documented {
  readonly name: string;
  /** One sentence: what it returns. */
  readonly summary: string;
  readonly example?: Example;
  /**
   * A helper other functions call, not meant for users (e.g. the table function behind a
   * macro): the reference lists it apart, under "Internal helpers", and the README not at all.
   */
  readonly internal?: boolean;
}

/** A vectorised scalar function: `run` maps one chunk (columns of JS values) to results. */
export interface ScalarDef extends Documented {
  readonly kind: 'scalar';
  readonly params: readonly { readonly name: string; readonly type: DuckDBType }[];
  readonly returns: DuckDBType;
  /** Functions that do I/O or depend on state are volatile so DuckDB never folds them. */
  readonly volatile?: boolean;
  /** NULL in any argument gives NULL without calling run (DuckDB's default for UDFs). */
  readonly run: (columns: readonly (readonly JsValue[])[], rowCount: number) => readonly JsValue[];
}

/** A column of a table function's result. */
export interface Column {
  readonly name: string;
  readonly type: DuckDBType;
}

/** Arguments of a table function call, converted to JS values. */
export interface TableArgs {
  readonly positional: readonly JsValue[];
  /** Named parameters that were given (absent ones are missing from the record). */
  readonly named: Readonly<Record<string, JsValue>>;
}

/** A source of rows: each call gives the next rows (at most `max`), an empty array at the end. */
export type RowSource = (max: number) => readonly (readonly JsValue[])[];

/** A table function: `bind` checks the arguments and names the columns before any I/O. */
export interface TableDef<State = unknown> extends Documented {
  readonly kind: 'table';
  readonly params: readonly { readonly name: string; readonly type: DuckDBType }[];
  readonly named?: Readonly<Record<string, DuckDBType>>;
  /** The default of each named parameter as SQL text, for the reference (bind applies it). */
  readonly defaults?: Readonly<Record<string, string>>;
  readonly bind: (args: TableArgs) => { readonly columns: readonly Column[]; readonly state: State };
  /** Called once per scan; returns the row source. */
  readonly rows: (state: State) => RowSource;
}

/**
 * A parameter of a SQL macro. DuckDB macros are untyped, so `type` is what the macro
 * expects, as documentation; a parameter with a `default` (SQL text) is named (`name := v`).
 */
export interface MacroParam {
  readonly name: string;
  readonly type: string;
  readonly default?: string;
}

/**
 * A SQL macro whose `CREATE MACRO` lives in sql/macros/<file>.sql, the file of its family.
 * Registration reads that file through this declaration (src/sql-macros.ts): a missing
 * file, a macro the file does not create or a parameter list that differs from
 * `params` fails loudly.
 */
export interface MacroDef extends Documented {
  /** 'aggregate' is a scalar macro over aggregates, called with GROUP BY or over a whole table. */
  readonly kind: 'macro' | 'table macro' | 'aggregate';
  /** The family's file name in sql/macros, without `.sql`. */
  readonly file: string;
  readonly params: readonly MacroParam[];
  /** What it returns: a type or, for a table macro, its columns. */
  readonly returns: string;
}

export type FunctionDef = ScalarDef | TableDef<unknown> | MacroDef;

/** Declares a macro (typed helper: the object is its own declaration). */
export function macro(def: MacroDef): MacroDef {
  return def;
}

/** A scalar declared row by row: `each` gets one row's non-NULL arguments. */
export type RowwiseScalar = Omit<ScalarDef, 'kind' | 'run'> & { readonly each: (...args: never[]) => JsValue };

/**
 * Declares a scalar function, vectorised (`run` gets the chunk) or row by row (`each`
 * gets one row; a row with a NULL argument gives NULL, and an error names its row).
 */
export function scalar(def: Omit<ScalarDef, 'kind'> | RowwiseScalar): ScalarDef {
  if ('run' in def) return { kind: 'scalar', ...def };
  const each = def.each as (...args: JsValue[]) => JsValue;
  const run = (columns: readonly (readonly JsValue[])[], rowCount: number) => {
    const out: JsValue[] = new Array(rowCount);
    for (let row = 0; row < rowCount; row++) {
      const args = columns.map((c) => c[row]);
      try {
        out[row] = args.some((a) => a === null || a === undefined) ? null : each(...args);
      } catch (e) {
        throw asRasterduckError(e).within(def.name, row);
      }
    }
    return out;
  };
  return { kind: 'scalar', ...def, run };
}

/** Declares a table function (typed helper: fills in the kind). */
export function table<State>(def: Omit<TableDef<State>, 'kind'>): FunctionDef {
  // the state type is the definition's own business: erase it behind a closure
  return { kind: 'table', ...def, rows: (state: unknown) => def.rows(state as State) };
}

/**
 * Registers every scalar and table definition on a connection. Macros are SQL statements
 * the caller runs afterwards (src/sql-macros.ts `macroStatements`), since they call these.
 */
export function registerFunctions(connection: DuckDBConnection, defs: readonly FunctionDef[]): void {
  for (const def of defs) {
    if (def.kind === 'scalar') connection.registerScalarFunction(toScalarFunction(def));
    else if (def.kind === 'table') connection.registerTableFunction(toTableFunction(def));
  }
}

/** Writes the error a function raised so SQL shows it; only the message crosses. */
function messageOf(e: unknown, fn: string): string {
  return asRasterduckError(e).within(fn).message;
}

/**
 * Rows one call site of a scalar has received so far in its statement. DuckDB binds each
 * call site once per statement, so a counter made in bind restarts with every statement;
 * chunks reach JS one at a time (callbacks are serialised onto the main thread), so the
 * counter is the first input row of the chunk being run. With a parallel scan the chunks
 * arrive in the order the threads finish them, so `row N` is the Nth row the function
 * was given, which is the input's order for single-threaded inputs (VALUES, range, a sorted
 * or small table). A prepared statement run again keeps its binding, so it keeps counting.
 */
interface RowCounter {
  rows: number;
}

function toScalarFunction(def: ScalarDef): DuckDBScalarFunction {
  return DuckDBScalarFunction.create({
    name: def.name,
    returnType: def.returns,
    parameterTypes: def.params.map((p) => p.type),
    volatile: def.volatile,
    bindFunction: (info) => info.setBindData({ rows: 0 } satisfies RowCounter),
    mainFunction: (info, input, output) => {
      const counter = info.bindData as RowCounter | undefined;
      const first = counter?.rows ?? 0;
      try {
        const columns = Array.from({ length: input.columnCount }, (_, i) => convertColumn(input, i));
        const results = def.run(columns, input.rowCount);
        for (let row = 0; row < input.rowCount; row++) {
          const value = results[row];
          output.setItem(row, value === null || value === undefined ? null : jsToDuckDBValue(value as never, def.returns));
        }
        output.flush();
        // only a chunk that succeeded counts: the optimiser tries constant arguments on a
        // one-row chunk (again after a failure) before the query runs, with the same binding
        if (counter) counter.rows += input.rowCount;
      } catch (e) {
        info.setError(asRasterduckError(e).within(def.name).fromRow(first).message);
      }
    },
  });
}

type EntryVector = ReturnType<DuckDBStructVector['entryVectorAt']>;

/** The VARCHAR `href` entry of a struct vector, if it has one. */
function hrefVector(v: DuckDBStructVector): EntryVector | undefined {
  const at = v.type.entryNames.indexOf('href');
  return at >= 0 && v.type.entryTypes[at].typeId === DuckDBTypeId.VARCHAR ? v.entryVectorAt(at) : undefined;
}

/**
 * What identifies a row's value of a STRUCT column by file: its own href (a cog_metadata
 * record), or, for a struct of such records (zonal_stats_rows' bands), every member's href.
 * Undefined when the column is neither.
 */
function hrefKeys(v: DuckDBStructVector): ((row: number) => string | undefined) | undefined {
  const own = hrefVector(v);
  if (own) {
    return (row) => {
      const href = own.getItem(row);
      return typeof href === 'string' ? href : undefined;
    };
  }
  const entries = v.type.entryNames.map((_, i) => v.entryVectorAt(i));
  const members = entries.filter((m): m is DuckDBStructVector => m instanceof DuckDBStructVector);
  const hrefs = members.map(hrefVector);
  if (members.length === 0 || members.length < entries.length || hrefs.some((h) => h === undefined)) return undefined;
  return (row) => {
    const parts = members.map((m, i) => (m.isItemValid(row) ? hrefs[i]?.getItem(row) : null));
    // a member without its href (or NULL) does not say which file it is: no sharing
    return parts.every((p) => p === null || typeof p === 'string') && parts.some((p) => p !== null) ? JSON.stringify(parts) : undefined;
  };
}

/**
 * Column `index` of a chunk as JS values. A STRUCT column whose rows name their file (a
 * cog_metadata record with its `href`, or a struct of such records) is converted once per
 * distinct file (or set of files) and the rows share that object: converting tile tables
 * and strings per row, and cloning them to the I/O workers, was a tenth of a read_chips
 * query's CPU. Rows with the same href are taken to describe the same file, as everywhere
 * else (caches are keyed by URL).
 */
function convertColumn(chunk: DuckDBDataChunk, index: number): JsValue[] {
  const vector = chunk.getColumnVector(index);
  const keyOf = vector instanceof DuckDBStructVector ? hrefKeys(vector) : undefined;
  if (!keyOf || !(vector instanceof DuckDBStructVector)) return chunk.convertColumnValues(index, JSDuckDBValueConverter) as JsValue[];
  const byKey = new Map<string, JsValue>();
  const convert = (row: number): JsValue => JSDuckDBValueConverter(vector.getItem(row), vector.type, JSDuckDBValueConverter) as JsValue;
  const out: JsValue[] = new Array(chunk.rowCount);
  for (let row = 0; row < chunk.rowCount; row++) {
    if (!vector.isItemValid(row)) {
      out[row] = null;
      continue;
    }
    const key = keyOf(row);
    if (key === undefined) {
      out[row] = convert(row);
      continue;
    }
    let value = byKey.get(key);
    if (value === undefined) byKey.set(key, (value = convert(row)));
    out[row] = value;
  }
  return out;
}

interface ScanState {
  readonly next: RowSource;
  readonly types: readonly DuckDBType[];
  /** Bound column index of each output vector (projection pushdown off: all of them). */
  readonly columnIndexes: readonly number[];
}

function readArgs(info: DuckDBTableFunctionBindInfo, def: TableDef<unknown>): TableArgs {
  const positional = def.params.map((_, i) => toJs(info.getParameter(i), def.params[i].type));
  const named: Record<string, JsValue> = {};
  for (const [name, type] of Object.entries(def.named ?? {})) {
    const value = info.getNamedParameter(name);
    if (value !== null) named[name] = toJs(value, type);
  }
  return { positional, named };
}

/**
 * A parameter value as JS. Parameters declared ANY (e.g. a struct literal such as
 * `query := {'eo:cloud_cover': {'lt': 20}}`) have no static type, so they are walked.
 */
function toJs(value: DuckDBValue, type: DuckDBType): JsValue {
  if (value === null) return null;
  if (type.typeId !== DuckDBTypeId.ANY) return JSDuckDBValueConverter(value, type, JSDuckDBValueConverter);
  return untypedToJs(value);
}

function untypedToJs(value: DuckDBValue): JsValue {
  if (value instanceof DuckDBStructValue) return Object.fromEntries(Object.entries(value.entries).map(([k, v]) => [k, untypedToJs(v)]));
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue) return value.items.map(untypedToJs);
  if (value instanceof DuckDBBlobValue || value instanceof DuckDBGeometryValue) return value.bytes;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value;
  if (value !== null && typeof value === 'object') return String(value);
  return value;
}

/** Row values may be DuckDB values already (e.g. a TIMESTAMPTZ with its microseconds): those pass as they are. */
function toDuckDB(v: JsValue, type: DuckDBType): DuckDBValue {
  if (v instanceof DuckDBTimestampTZValue || v instanceof DuckDBTimestampValue) return v;
  return jsToDuckDBValue(v as never, type);
}

function toTableFunction(def: TableDef<unknown>): DuckDBTableFunction {
  return DuckDBTableFunction.create({
    name: def.name,
    parameterTypes: def.params.map((p) => p.type),
    namedParameterTypes: def.named,
    bindFunction: (info) => {
      try {
        const { columns, state } = def.bind(readArgs(info, def));
        for (const c of columns) info.addResultColumn(c.name, c.type);
        info.setBindData({ state, types: columns.map((c) => c.type) });
      } catch (e) {
        info.setError(messageOf(e, def.name));
      }
    },
    initFunction: (info) => {
      try {
        const bound = info.bindData as { state: unknown; types: DuckDBType[] };
        const scan: ScanState = { next: def.rows(bound.state), types: bound.types, columnIndexes: bound.types.map((_, i) => i) };
        info.setInitData(scan);
        info.setMaxThreads(1);
      } catch (e) {
        info.setError(messageOf(e, def.name));
      }
    },
    mainFunction: (info, output) => {
      try {
        writeRows(info.initData as ScanState, output);
      } catch (e) {
        info.setError(messageOf(e, def.name));
      }
    },
  });
}

function writeRows(scan: ScanState, output: DuckDBDataChunk): void {
  const rows = scan.next(2048);
  output.rowCount = rows.length;
  if (rows.length === 0) return;
  for (let c = 0; c < scan.types.length; c++) {
    const vector = output.getColumnVector(c);
    const type = scan.types[scan.columnIndexes[c]];
    for (let r = 0; r < rows.length; r++) {
      const v = rows[r][c];
      vector.setItem(r, v === null || v === undefined ? null : toDuckDB(v, type));
    }
    vector.flush();
  }
}
