/**
 * GDAL's private TIFF tags read as GDAL 3.6 reads them: GDAL_NODATA (42113) parsed like
 * CPLAtofM, and GDAL_METADATA (42112), the flat `<GDALMetadata><Item .../>` list that
 * CPLSerializeXMLTree writes, into dataset items and per-band scale/offset.
 */

/** One band's entries from GDAL_METADATA. */
export interface BandMetadata {
  /** From `role="scale"` (GDAL reads the role, not the name); absent means 1. */
  readonly scale?: number;
  /** From `role="offset"`; absent means 0. */
  readonly offset?: number;
  /** From `role="description"`. */
  readonly description?: string;
  /** From `role="unittype"`. */
  readonly unit?: string;
  /** Other default-domain items of the band, by name (e.g. STATISTICS_MEAN). */
  readonly items: Readonly<Record<string, string>>;
}

/** GDAL_METADATA decoded. */
export interface GdalMetadata {
  /** Default-domain dataset items, by name (e.g. AREA_OR_POINT). */
  readonly dataset: Readonly<Record<string, string>>;
  /** Dataset items of named domains: domain -> name -> value. */
  readonly domains: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Band entries by 0-based sample index (GDAL band = sample + 1). */
  readonly bands: ReadonlyMap<number, BandMetadata>;
}

/**
 * Parses GDAL_NODATA as GDAL 3.6 does: C `strtod` on the text (leading blanks skipped, the
 * longest numeric prefix used, hex accepted, "nan"/"inf" prefixes and MSVC's "1.#INF",
 * 0 when nothing parses). With `float32`, rounds to float as GDAL does for Float32 bands.
 * Returns undefined for an empty string, which GDAL ignores. Never throws.
 */
export function parseGdalNodata(text: string, options: { readonly float32?: boolean } = {}): number | undefined {
  if (text === '') return undefined;
  const value = parseCDouble(text);
  return options.float32 ? Math.fround(value) : value;
}

/** A C `strtod`-style parse (GDAL's CPLAtof/CPLStrtod): never NaN for junk, 0 instead. */
export function parseCDouble(text: string): number {
  const s = text.replace(/^[ \t\n\v\f\r]+/, '');
  const sign = s.startsWith('-') ? -1 : 1;
  const body = /^[+-]/.test(s) ? s.slice(1) : s;
  // CPLStrtod maps MSVC's spellings of the special values
  const msvc = /^1\.#(QNAN|SNAN|IND|INF)/i.exec(body);
  if (msvc) return msvc[1].toUpperCase() === 'INF' ? sign * Infinity : NaN;
  if (/^nan/i.test(body)) return NaN;
  if (/^inf/i.test(body)) return sign * Infinity;
  if (/^0x/i.test(body)) return sign * parseHexFloat(body.slice(2));
  const decimal = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(body);
  return decimal ? sign * Number(decimal[0]) : 0;
}

/** C99 hexadecimal floating point after "0x": digits, optional fraction, optional binary exponent. */
function parseHexFloat(text: string): number {
  const m = /^([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?/i.exec(text);
  const whole = m?.[1] ?? '';
  const fraction = m?.[2] ?? '';
  if (whole === '' && fraction === '') return 0; // strtod reads just the "0"
  let value = 0;
  for (const digit of whole + fraction) value = value * 16 + parseInt(digit, 16);
  const exponent = Number(m?.[3] ?? 0) - 4 * fraction.length;
  return value * 2 ** exponent;
}

interface RawItem {
  readonly attributes: Readonly<Record<string, string>>;
  readonly value: string;
}

/**
 * Parses GDAL_METADATA XML. Items with `sample` go to that band (scale, offset,
 * description, unit by `role`), others to the dataset; items of other domains are kept
 * apart. Malformed XML yields what parsed before the fault; never throws; linear time.
 */
export function parseGdalMetadata(xml: string): GdalMetadata {
  // null-prototype records: names like "__proto__" in a hostile file stay plain keys
  const dataset = emptyRecord<string>();
  const domains = emptyRecord<Record<string, string>>();
  const bands = new Map<number, { scale?: number; offset?: number; description?: string; unit?: string; items: Record<string, string> }>();
  for (const { attributes: a, value } of items(xml)) {
    const name = a.name ?? '';
    if (a.domain !== undefined && a.domain !== '') {
      if (a.sample === undefined) (domains[a.domain] ??= emptyRecord<string>())[name] = value;
      continue;
    }
    if (a.sample === undefined) {
      dataset[name] = value;
      continue;
    }
    const sample = Number(a.sample);
    if (!Number.isSafeInteger(sample) || sample < 0) continue;
    const band = bands.get(sample) ?? { items: emptyRecord<string>() };
    bands.set(sample, band);
    switch (a.role?.toLowerCase()) {
      case 'scale': band.scale = parseCDouble(value); break;
      case 'offset': band.offset = parseCDouble(value); break;
      case 'description': band.description = value; break;
      case 'unittype': band.unit = value; break;
      default: band.items[name] = value;
    }
  }
  return { dataset, domains, bands };
}

/** The `<Item ...>value</Item>` elements in order, found with indexOf so time stays linear. */
function* items(xml: string): Generator<RawItem> {
  let at = 0;
  for (;;) {
    const start = xml.indexOf('<Item', at);
    if (start < 0) return;
    const tagEnd = xml.indexOf('>', start);
    if (tagEnd < 0) return;
    const head = xml.slice(start + 5, tagEnd);
    if (!/^\s|^\/?$/.test(head)) {
      at = tagEnd; // an element like <Items>, not <Item>
      continue;
    }
    if (head.endsWith('/')) {
      yield { attributes: attributesOf(head.slice(0, -1)), value: '' };
      at = tagEnd + 1;
      continue;
    }
    const close = xml.indexOf('</Item>', tagEnd);
    if (close < 0) return;
    // GDAL escapes a value before its XML writer escapes it again, and reads it back with
    // CPLUnescapeString after the XML parser: two unescapes ('<' is stored as &amp;lt;)
    yield { attributes: attributesOf(head), value: unescapeXml(unescapeXml(xml.slice(tagEnd + 1, close))) };
    at = close + 7;
  }
}

function attributesOf(head: string): Record<string, string> {
  const attributes = emptyRecord<string>();
  for (const m of head.matchAll(/([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attributes[m[1]] = unescapeXml(m[2] ?? m[3] ?? '');
  }
  return attributes;
}

const ENTITIES: ReadonlyMap<string, string> = new Map([['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"]]);

function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return ENTITIES.get(ref) ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
