/**
 * STAC datetimes (RFC 3339) to microsecond-exact UTC text, because JavaScript's Date keeps
 * milliseconds only and a collection's datetime must equal the item's to the microsecond.
 */

/** An instant as UTC RFC 3339 text with 6 fraction digits, and its UTC year and month. */
export interface Instant {
  readonly iso: string;
  readonly year: number;
  readonly month: number;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `text` as an Instant, or undefined when it is not a date or RFC 3339 instant. A missing
 * offset means UTC; digits beyond microseconds are dropped (truncated, as DuckDB does).
 */
export function instantOf(text: string): Instant | undefined {
  const t = text.trim();
  const m = RFC3339.exec(DATE_ONLY.test(t) ? `${t}T00:00:00Z` : t);
  if (!m) return undefined;
  const [, date, time, fraction = '', zone = 'Z'] = m;
  const seconds = Date.parse(`${date}T${time}${zoneOf(zone)}`);
  if (Number.isNaN(seconds)) return undefined;
  const utc = new Date(seconds).toISOString().slice(0, 19);
  return {
    iso: `${utc}.${fraction.slice(0, 6).padEnd(6, '0')}Z`,
    year: Number(utc.slice(0, 4)),
    month: Number(utc.slice(5, 7)),
  };
}

function zoneOf(zone: string): string {
  if (zone === 'Z' || zone === 'z') return 'Z';
  const m = /^([+-]\d{2}):?(\d{2})?$/.exec(zone);
  return m ? `${m[1]}:${m[2] ?? '00'}` : 'Z';
}
