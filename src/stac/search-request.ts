/**
 * Pure helpers for item-search requests: the datetime interval a date range means, sort
 * keys from their short text form, and the GET query string of a POST body.
 */
import { InputError } from '../errors.js';
import type { JsonObject, SortKey } from './stac-types.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The STAC `datetime` interval for a date range. A date-only start means 00:00:00Z and a
 * date-only end the whole day (as pystac-client expands them), so ['2024-04-05',
 * '2024-04-22'] keeps the items taken late on the 22nd. Open ends are '..' (or NULL).
 * DuckDB's timestamp text (`2024-04-05 10:00:00+00`) is accepted too.
 * @throws InputError for more than 2 values, a value that is not a date or instant, or a
 *   start after the end.
 */
export function datetimeInterval(range: readonly (string | null)[]): string {
  if (range.length < 1 || range.length > 2) {
    throw new InputError({ reason: `date_range must have 1 or 2 values (start, end), got ${range.length}`, hint: "Write date_range := ['2024-01-01', '2024-03-31']" });
  }
  const [start, end = start] = range;
  const [from, to] = [instant(start, false), instant(end, true)];
  // a reversed range matches no item: the search would come back empty, silently
  if (from !== '..' && to !== '..' && Date.parse(from) > Date.parse(to)) {
    throw new InputError({
      reason: `date_range starts on ${String(start)}, after its end ${String(end)}, so no item can match`,
      hint: `Put the start first: date_range := ['${String(end)}', '${String(start)}']`,
    });
  }
  return `${from}/${to}`;
}

function instant(value: string | null, isEnd: boolean): string {
  const v = (value ?? '').trim();
  if (v === '' || v === '..') return '..';
  if (DATE_ONLY.test(v) && isValidDate(v)) return `${v}T${isEnd ? '23:59:59.999999' : '00:00:00'}Z`;
  const iso = v.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00').replace(/[+-]00:?00$/, 'Z');
  const withZone = /(Z|[+-]\d{2}:\d{2})$/i.test(iso) ? iso : `${iso}Z`;
  if (Number.isNaN(Date.parse(withZone))) {
    throw new InputError({ reason: `date_range value '${value}' is not a date or an RFC 3339 instant`, hint: "Use 'YYYY-MM-DD' or e.g. '2024-04-05T10:00:00Z'" });
  }
  return withZone.toUpperCase();
}

function isValidDate(v: string): boolean {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
}

/**
 * Sort keys from their text form: comma-separated fields, each with an optional `+`
 * (ascending, the default) or `-` (descending), as in the STAC API's GET sortby.
 * @throws InputError for an empty field.
 */
export function parseSortby(text: string): SortKey[] {
  return text.split(',').map((raw) => {
    const f = raw.trim();
    const direction = f.startsWith('-') ? 'desc' : 'asc';
    const field = f.replace(/^[+-]/, '').trim();
    if (!field) throw new InputError({ reason: `sortby '${text}' has an empty field`, hint: "Write e.g. sortby := '-datetime' or 'eo:cloud_cover,-datetime'" });
    return { field, direction };
  });
}

/**
 * The query string of a GET search with the same meaning as a POST body (STAC API
 * item-search GET parameters: lists comma-separated, geometries and objects as JSON).
 */
export function searchQueryString(body: JsonObject): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(body)) {
    if (value === null || value === undefined) continue;
    if (key === 'sortby' && Array.isArray(value)) {
      q.set(key, value.map((s) => ((s as JsonObject).direction === 'desc' ? '-' : '+') + String((s as JsonObject).field)).join(','));
    } else if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) {
      q.set(key, value.join(','));
    } else if (typeof value === 'object') {
      q.set(key, JSON.stringify(value));
      if (key === 'filter') q.set('filter-lang', 'cql2-json');
    } else {
      q.set(key, String(value));
    }
  }
  return q.toString();
}
