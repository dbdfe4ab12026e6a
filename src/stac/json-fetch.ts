/**
 * JSON documents for STAC: fetched through the I/O layer (src/io/text-fetch.ts, retried
 * like any request), then parsed, failing with the URL and the parser's complaint.
 */
import { FormatError } from '../errors.js';
import { fetchText, type FetchedText, type TextRequest } from '../io/text-fetch.js';
import type { Json } from './stac-types.js';

export { readText, type FetchedText } from '../io/text-fetch.js';
export type JsonRequest = TextRequest;

/** Sends `req` and parses the answer; throws FormatError naming the URL when it is not JSON. */
export async function fetchJson(req: JsonRequest, what = 'the document'): Promise<Json> {
  return parseJson(await fetchText(req), what);
}

/** Parses a fetched text; throws FormatError naming the URL and the parser's complaint. */
export function parseJson(doc: FetchedText, what = 'the document'): Json {
  try {
    return JSON.parse(doc.text) as Json;
  } catch (e) {
    const start = doc.text.slice(0, 80).replace(/\s+/g, ' ');
    throw new FormatError({ url: doc.url, reason: `${what} is not valid JSON (${(e as Error).message}; it starts with ${JSON.stringify(start)})`, hint: 'Check that the URL points to a STAC API or STAC JSON file', cause: e });
  }
}

