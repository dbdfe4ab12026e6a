/**
 * The scenes of a mosaic from collection rows as SQL passes them (a LIST of row structs,
 * or JSON text of one): `id`, `datetime`, one `<band>_metadata` struct (cog_metadata's
 * record, with href) per band, and optionally `eo:cloud_cover` or `cloud_cover`.
 */
import { InputError } from '../errors.js';
import type { CogMetadata } from '../tiff/cog-metadata.js';
import { footprintIn, type MosaicScene } from './mosaic-job.js';

type Row = Readonly<Record<string, unknown>>;

const DATETIME = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** The UTC date (YYYY-MM-DD) of a timestamp as DuckDB or STAC writes it. @throws InputError. */
export function utcDate(value: unknown, id: string): string {
  const text = value instanceof Date ? value.toISOString() : String(value ?? '').trim();
  const m = DATETIME.exec(text);
  if (!m) throw new InputError({ reason: `scene '${id}': datetime '${text}' is not a timestamp`, hint: 'Pass a TIMESTAMPTZ or ISO 8601 text' });
  if (!m[2]) return m[1];
  const zone = m[3] === undefined ? 'Z' : m[3] === 'Z' ? 'Z' : m[3].length === 3 ? `${m[3]}:00` : m[3].includes(':') ? m[3] : `${m[3].slice(0, 3)}:${m[3].slice(3)}`;
  const ms = Date.parse(`${m[1]}T${m[2]}${zone}`);
  if (Number.isNaN(ms)) throw new InputError({ reason: `scene '${id}': datetime '${text}' is not a timestamp` });
  return new Date(ms).toISOString().slice(0, 10);
}

function rowsOf(collection: unknown): Row[] {
  const value = typeof collection === 'string' ? JSON.parse(collection) as unknown : collection;
  if (!Array.isArray(value)) {
    throw new InputError({ reason: 'the collection must be a LIST of scene rows', hint: 'Pass (SELECT list(c) FROM scenes c)' });
  }
  return value.filter((r): r is Row => r !== null && typeof r === 'object');
}

function metadataOf(row: Row, band: string, id: string): CogMetadata | null {
  const meta = row[`${band}_metadata`] as CogMetadata | null | undefined;
  if (meta === undefined) throw new InputError({ reason: `scene '${id}' has no column ${band}_metadata`, hint: `Columns: ${Object.keys(row).join(', ')}` });
  if (meta === null) return null;
  if (!meta.href) throw new InputError({ reason: `scene '${id}': ${band}_metadata has no href, so the file to read is unknown`, hint: 'Build it with cog_metadata(href) or rasteret_build' });
  return meta;
}

function cloudOf(row: Row): number | null {
  const v = row['eo:cloud_cover'] ?? row.cloud_cover;
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null;
}

/**
 * The scenes of the collection; a scene missing a band (NULL metadata) is left out.
 * @throws InputError for a value that is not a list of rows, or rows without id, datetime or a band column.
 */
export function scenesOf(collection: unknown, bands: readonly string[], maskBand: string | null, crs: string): MosaicScene[] {
  const out: MosaicScene[] = [];
  for (const row of rowsOf(collection)) {
    const id = String(row.id ?? '');
    if (id === '') throw new InputError({ reason: 'a scene row has no id' });
    const metas = bands.map((b) => metadataOf(row, b, id));
    if (metas.some((m) => m === null)) continue;
    const first = metas[0] as CogMetadata;
    out.push({
      id, date: utcDate(row.datetime, id), cloudCover: cloudOf(row),
      bands: Object.fromEntries(bands.map((b, i) => [b, metas[i] as CogMetadata])),
      mask: maskBand ? metadataOf(row, maskBand, id) : null,
      footprint: footprintIn(first, crs, first.href),
    });
  }
  return out;
}
