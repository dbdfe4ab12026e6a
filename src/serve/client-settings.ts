/**
 * The Postgres client parameters a driver sets and reads (client_encoding, DateStyle,
 * extra_float_digits, application_name...), which DuckDB does not have. The session keeps
 * them; `SET`/`RESET`/`SHOW` of them are answered here, everything else (TimeZone,
 * search_path and every DuckDB setting) goes to DuckDB. A SHOW becomes a real DuckDB
 * query, so its result goes out like any other.
 */
import { leadingWords } from './command-tag.js';
import type { CopyOptions } from './copy-out.js';
import type { GeometryFormat } from './pg-oids.js';

/** What a statement becomes: SQL for DuckDB (maybe rewritten), or a SET handled here. */
export interface Plan {
  /** The SQL DuckDB runs; undefined when the server answers alone. */
  readonly sql: string | undefined;
  /** The command tag, when it is not derived from `sql`. */
  readonly tag?: string;
  /** Parameter names whose new value is reported (ParameterStatus) after the statement. */
  readonly reports?: readonly string[];
  /** The change to the client parameters, made once the statement succeeds. */
  readonly apply?: () => void;
  /** Set for a COPY ... TO STDOUT: `sql` is its query, whose rows go out as CopyData. */
  readonly copy?: CopyOptions;
}

/** Parameters reported at start-up and whenever they change (Postgres' GUC_REPORT set). */
export const REPORTED = ['server_version', 'server_encoding', 'client_encoding', 'application_name', 'DateStyle', 'IntervalStyle', 'TimeZone', 'integer_datetimes', 'standard_conforming_strings', 'is_superuser', 'session_authorization', 'default_transaction_read_only', 'in_hot_standby'] as const;

/** The server version clients see: a Postgres major they know, and what is behind it. */
export const SERVER_VERSION = '15.0 (rasterduck)';

/** One session's client parameters (names case-insensitive, as in Postgres). */
export class ClientSettings {
  private readonly values = new Map<string, { name: string; value: string }>();
  private readonly defaults = new Map<string, string>();

  constructor(user: string, readonly_: boolean, startup: Readonly<Record<string, string>>, geometry: GeometryFormat = 'wkb') {
    const initial: Record<string, string> = {
      server_version: SERVER_VERSION, server_encoding: 'UTF8', client_encoding: 'UTF8', application_name: '',
      DateStyle: 'ISO, MDY', IntervalStyle: 'postgres', integer_datetimes: 'on', standard_conforming_strings: 'on',
      is_superuser: 'off', session_authorization: user, default_transaction_read_only: readonly_ ? 'on' : 'off',
      in_hot_standby: 'off', extra_float_digits: '1', transaction_isolation: 'serializable',
      default_transaction_isolation: 'serializable', max_identifier_length: '63', lc_messages: 'C',
      statement_timeout: '0', lock_timeout: '0', idle_in_transaction_session_timeout: '0', bytea_output: 'hex',
      // rasterduck's own: how GEOMETRY goes out, wkb (bytea) or ewkt (text); --geometry sets the default
      'rasterduck.geometry_format': geometry,
    };
    for (const [name, value] of Object.entries(initial)) {
      this.values.set(name.toLowerCase(), { name, value });
      this.defaults.set(name.toLowerCase(), value);
    }
    for (const [name, value] of Object.entries(startup)) if (this.has(name)) this.set(name, value);
  }

  has(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }

  get(name: string): string | undefined {
    return this.values.get(name.toLowerCase())?.value;
  }

  /** Sets a known parameter; throws for values this server cannot honour. */
  set(name: string, value: string): void {
    const key = name.toLowerCase();
    const entry = this.values.get(key);
    if (!entry) throw new Error(`unrecognized configuration parameter "${name}"`);
    if (key === 'client_encoding' && !/^(utf-?8|unicode)$/i.test(value)) throw new Error(`invalid value for parameter "client_encoding": "${value}" (this server speaks UTF8 only)`);
    if (key === 'datestyle' && !/iso/i.test(value)) throw new Error(`invalid value for parameter "DateStyle": "${value}" (this server writes ISO dates only)`);
    if (key === 'rasterduck.geometry_format' && value !== 'wkb' && value !== 'ewkt') throw new Error(`invalid value for parameter "rasterduck.geometry_format": "${value}" (wkb or ewkt)`);
    if (key === 'intervalstyle' && value.toLowerCase() !== 'postgres') throw new Error(`invalid value for parameter "IntervalStyle": "${value}" (only postgres is supported)`);
    this.values.set(key, { name: entry.name, value: key === 'client_encoding' ? 'UTF8' : key === 'datestyle' ? 'ISO, MDY' : value });
  }

  reset(name: string): void {
    const d = this.defaults.get(name.toLowerCase());
    if (d !== undefined) this.set(name, d);
  }

  /** How GEOMETRY values go out in this session. */
  get geometry(): GeometryFormat {
    return this.get('rasterduck.geometry_format') === 'ewkt' ? 'ewkt' : 'wkb';
  }

  /** The canonical spelling of a parameter name. */
  nameOf(name: string): string {
    return this.values.get(name.toLowerCase())?.name ?? name;
  }

  /**
   * `sql` with each `current_setting('name')` of a client parameter (and its `, missing_ok`
   * form) replaced by the session's value as a string literal: DuckDB's built-in
   * current_setting knows only DuckDB's settings, and a TEMP macro cannot shadow a built-in.
   * Strings, quoted identifiers and comments are skipped; `pg_catalog.current_setting` of a
   * DuckDB setting loses its schema (DuckDB has no such function there). DuckDB wants a
   * constant name, so the literal form is the only one. A prepared statement keeps the value
   * it was parsed with.
   */
  rewriteCurrentSetting(sql: string): string {
    if (!/current_setting/i.test(sql)) return sql;
    return sql.replace(CURRENT_SETTING, (whole: string, call: string | undefined, quoted: string | undefined) => {
      if (call === undefined || quoted === undefined) return whole;
      const name = quoted.replace(/''/g, "'");
      const value = this.get(name);
      return value === undefined ? `current_setting(${literal(name)})` : literal(value);
    });
  }

  /** What the session does with one statement. */
  plan(sql: string): Plan {
    const set = /^\s*SET\s+(?:SESSION\s+|LOCAL\s+)?([A-Za-z_][\w.]*)\s*(?:=|\s+TO\s+)\s*(.*?)\s*;?\s*$/is.exec(sql);
    if (set && this.has(set[1])) {
      const name = set[1];
      const value = unquote(set[2]);
      return { sql: undefined, tag: 'SET', reports: [name], apply: () => this.set(name, value) };
    }
    const reset = /^\s*RESET\s+([A-Za-z_][\w.]*)\s*;?\s*$/i.exec(sql);
    if (reset && this.has(reset[1])) return { sql: undefined, tag: 'RESET', reports: [reset[1]], apply: () => this.reset(reset[1]) };
    const show = /^\s*SHOW\s+([A-Za-z_][\w.]*)\s*;?\s*$/i.exec(sql);
    if (show && this.has(show[1])) return { sql: `SELECT ${literal(this.get(show[1]) ?? '')} AS ${ident(show[1].toLowerCase())}`, tag: 'SHOW' };
    // SHOW of a DuckDB setting: Postgres' meaning (DuckDB's SHOW name describes a table)
    if (show && /^(timezone|search_path|threads|memory_limit)$/i.test(show[1])) return { sql: `SELECT current_setting(${literal(show[1])}) AS ${ident(show[1].toLowerCase())}`, tag: 'SHOW' };
    if (/^\s*SET\s+SESSION\s+CHARACTERISTICS\b/i.test(sql)) return { sql: undefined, tag: 'SET' };
    const [first = '', second = ''] = leadingWords(sql, 2);
    // BEGIN ISOLATION LEVEL ... / BEGIN READ WRITE: DuckDB has one isolation level (snapshot)
    if ((first === 'BEGIN' && second !== '' && second !== 'TRANSACTION') || (first === 'START' && second === 'TRANSACTION')) return { sql: 'BEGIN TRANSACTION', tag: 'BEGIN' };
    if (first === 'SET' && /^\s*SET\s+TIME\s+ZONE\b/i.test(sql)) return { sql, tag: 'SET', reports: ['TimeZone'] };
    if (first === 'SET' && /^\s*SET\s+(SESSION\s+)?timezone\b/i.test(sql)) return { sql, tag: 'SET', reports: ['TimeZone'] };
    return { sql };
  }
}

function unquote(v: string): string {
  const m = /^'(.*)'$/s.exec(v) ?? /^"(.*)"$/s.exec(v);
  return m ? m[1].replace(/''/g, "'") : v;
}

// strings, quoted identifiers and comments are matched (and kept) whole so that only calls outside them change
const CURRENT_SETTING = /'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\/|(\b(?:pg_catalog\s*\.\s*)?current_setting\s*\(\s*'((?:[^']|'')*)'\s*(?:,\s*(?:true|false)\s*)?\))/gi;

const literal = (v: string): string => `'${v.replace(/'/g, "''")}'`;
const ident = (v: string): string => `"${v.replace(/"/g, '""')}"`;
