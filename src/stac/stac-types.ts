/**
 * The shapes of STAC documents as rasterduck reads them (STAC spec 1.0, STAC API 1.0
 * item-search), and of the requests that cross the sync bridge. Plain data only: these
 * values are structured-cloned between the main thread and the bridge worker.
 */

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/** A link of a STAC document; `method`, `body`, `merge` and `headers` come from the API spec's paging. */
export interface StacLink {
  readonly rel: string;
  readonly href: string;
  readonly type?: string;
  readonly method?: string;
  readonly body?: JsonObject;
  readonly merge?: boolean;
  readonly headers?: Readonly<Record<string, string>>;
}

/** An asset of an item: the file's URL and whatever the item says about it. */
export interface StacAsset {
  readonly href: string;
  readonly [key: string]: Json | undefined;
}

/** A STAC item, checked to have the fields rasteret_build uses (see item-check.ts). */
export interface StacItem {
  readonly id: string;
  readonly collection?: string;
  readonly geometry: JsonObject | null;
  readonly bbox?: readonly number[];
  readonly properties: JsonObject;
  readonly assets: Readonly<Record<string, StacAsset>>;
}

/** A sort key of the STAC API sort extension. */
export interface SortKey {
  readonly field: string;
  readonly direction: 'asc' | 'desc';
}

/**
 * An item-search request body (STAC API item-search, plus the query, filter and sort
 * extensions). Absent fields are not sent.
 */
export interface SearchBody {
  readonly collections?: readonly string[];
  readonly ids?: readonly string[];
  readonly bbox?: readonly number[];
  readonly intersects?: JsonObject;
  readonly datetime?: string;
  readonly query?: JsonObject;
  readonly filter?: JsonObject;
  readonly 'filter-lang'?: 'cql2-json';
  readonly sortby?: readonly SortKey[];
  readonly limit: number;
}

/** Where the items come from. */
export type ItemSource =
  /** A STAC API root: POST {url}/search. */
  | { readonly kind: 'api'; readonly url: string }
  /** A static catalog, collection, item, ItemCollection or newline-delimited items. */
  | { readonly kind: 'static'; readonly url: string }
  /**
   * A stac-geoparquet file (one row per item), or a record table whose columns `roles`
   * names (id, geometry, datetime, href: one file per row).
   */
  | { readonly kind: 'geoparquet'; readonly url: string; readonly roles?: Readonly<Record<string, string>> };

/** Everything the bridge worker needs to list the items of a build. */
export interface ItemsRequest {
  readonly source: ItemSource;
  readonly search: SearchBody;
  /** Keep the first N items in the source's order, and stop fetching pages once there are N. */
  readonly maxItems?: number;
  /** Show progress on stderr (only when it is a terminal). */
  readonly progress?: boolean;
}

/** The items of a build and what it took to list them. */
export interface ItemsResult {
  readonly items: StacItem[];
  /** Search pages (API) or documents (static) fetched. */
  readonly pages: number;
}

/** How hrefs must be signed before they are fetched. */
export type Signing =
  | { readonly kind: 'none' }
  /** Planetary Computer: append the SAS token of the item's collection to blob-storage hrefs. */
  | {
      readonly kind: 'planetary-computer';
      readonly tokenUrl: string;
      readonly subscriptionKey?: string;
      /** Regular expression of the hosts to sign (default: Azure blob storage); tests sign a local host. */
      readonly hostPattern?: string;
    };

/** A wave of header reads: these hrefs, signed first when the source needs it. */
export interface HeadersRequest {
  readonly hrefs: readonly string[];
  /** The collection of each href, for per-collection tokens. */
  readonly collections: readonly (string | undefined)[];
  readonly signing: Signing;
  readonly progress?: { readonly done: number; readonly total: number };
}
