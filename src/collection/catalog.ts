/**
 * The built-in catalog of public datasets rasteret_build knows by name: where to search,
 * which asset holds each band, and how files may be read. Ids, endpoints, band maps and
 * licenses follow Rasteret's registry (terrafloww/rasteret src/rasteret/catalog.py) so
 * that `earthsearch/sentinel-2-l2a` means the same in both; the pc/ Landsat, NAIP and
 * Copernicus DEM entries use the asset keys of Planetary Computer's collections.
 */

/** A band of a dataset: the asset that holds it, and its 0-based sample in that file when the file has several. */
export interface DatasetBand {
  readonly asset: string;
  readonly bandIndex?: number;
}

/** How a dataset's files may be read. */
export type Access =
  /** Public objects over HTTPS or anonymous S3. */
  | 'anonymous'
  /** Azure blobs that need a Planetary Computer SAS token (fetched per collection, free). */
  | 'planetary-computer-sas'
  /** An S3 requester-pays bucket: AWS credentials and AWS_REQUEST_PAYER=requester. */
  | 'requester-pays';

/** One dataset of the catalog. */
export interface Dataset {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** STAC API root; absent for datasets published as a record table. */
  readonly stacApi?: string;
  readonly collection?: string;
  /** A stac-geoparquet or record table (one row per file) to build from instead of an API. */
  readonly recordTable?: string;
  /** Column names of a record table, by role (id, geometry, datetime, href). */
  readonly roles?: Readonly<Record<string, string>>;
  /** Band name (as users write it in `bands := [...]`) to asset. */
  readonly bands: Readonly<Record<string, DatasetBand>>;
  readonly access: Access;
  /** URL prefixes to rewrite before reading (e.g. a USGS HTTPS mirror to its S3 bucket). */
  readonly rewrite?: Readonly<Record<string, string>>;
  readonly license: string;
  readonly licenseUrl: string;
  readonly temporal: readonly [string, string];
  readonly coverage: string;
  readonly exampleBbox: readonly [number, number, number, number];
  readonly exampleDates: readonly [string, string];
}

const EARTH_SEARCH = 'https://earth-search.aws.element84.com/v1';
const PLANETARY_COMPUTER = 'https://planetarycomputer.microsoft.com/api/stac/v1';
const SF_BBOX = [-122.45, 37.74, -122.35, 37.84] as const;

/** Band names to assets where each band is its own file. */
function separate(map: Record<string, string>): Record<string, DatasetBand> {
  return Object.fromEntries(Object.entries(map).map(([band, asset]) => [band, { asset }]));
}

/** Band names to samples of one multi-band asset. */
function samples(asset: string, names: readonly string[]): Record<string, DatasetBand> {
  return Object.fromEntries(names.map((band, bandIndex) => [band, { asset, bandIndex }]));
}

const S2_EARTH_SEARCH = separate({
  B01: 'coastal', B02: 'blue', B03: 'green', B04: 'red', B05: 'rededge1', B06: 'rededge2', B07: 'rededge3',
  B08: 'nir', B8A: 'nir08', B09: 'nir09', B11: 'swir16', B12: 'swir22', SCL: 'scl',
});
const S2_PC = separate(Object.fromEntries(['B01', 'B02', 'B03', 'B04', 'B05', 'B06', 'B07', 'B08', 'B8A', 'B09', 'B11', 'B12', 'SCL'].map((b) => [b, b])));
const LANDSAT = separate({
  B1: 'coastal', B2: 'blue', B3: 'green', B4: 'red', B5: 'nir08', B6: 'swir16', B7: 'swir22',
  qa_aerosol: 'qa_aerosol', qa_pixel: 'qa_pixel', qa_radsat: 'qa_radsat',
});
const NAIP = samples('image', ['R', 'G', 'B', 'NIR']);

/** Every dataset rasteret_build accepts by id, in the order rasteret_catalog() lists them. */
export const DATASETS: readonly Dataset[] = [
  {
    id: 'earthsearch/sentinel-2-l2a', title: 'Sentinel-2 Level-2A', description: 'Multi-spectral optical imagery, 10-60 m, global',
    stacApi: EARTH_SEARCH, collection: 'sentinel-2-l2a', bands: S2_EARTH_SEARCH, access: 'anonymous',
    license: 'proprietary', licenseUrl: 'https://sentinel.esa.int/documents/247904/690755/Sentinel_Data_Legal_Notice',
    temporal: ['2015-06-23', 'present'], coverage: 'global', exampleBbox: SF_BBOX, exampleDates: ['2024-06-01', '2024-07-15'],
  },
  {
    id: 'earthsearch/landsat-c2-l2', title: 'Landsat Collection 2 Level-2', description: 'Multi-spectral optical and thermal, 30 m, global',
    stacApi: EARTH_SEARCH, collection: 'landsat-c2-l2', bands: LANDSAT, access: 'requester-pays',
    rewrite: { 'https://landsatlook.usgs.gov/data/': 's3://usgs-landsat/' },
    license: 'proprietary', licenseUrl: 'https://www.usgs.gov/core-science-systems/hdds/data-policy',
    temporal: ['1982-07-16', 'present'], coverage: 'global', exampleBbox: SF_BBOX, exampleDates: ['2024-06-01', '2024-07-15'],
  },
  {
    id: 'earthsearch/naip', title: 'NAIP', description: 'Aerial imagery, 1 m, CONUS; one 4-band COG per scene',
    stacApi: EARTH_SEARCH, collection: 'naip', bands: NAIP, access: 'requester-pays',
    license: 'proprietary', licenseUrl: 'https://www.fsa.usda.gov/help/policies-and-links/',
    temporal: ['2010-01-01', '2023-12-31'], coverage: 'north-america', exampleBbox: SF_BBOX, exampleDates: ['2022-01-01', '2022-12-31'],
  },
  {
    id: 'earthsearch/cop-dem-glo-30', title: 'Copernicus DEM 30 m', description: 'Global digital elevation model, 30 m',
    stacApi: EARTH_SEARCH, collection: 'cop-dem-glo-30', bands: separate({ DEM: 'data' }), access: 'anonymous',
    license: 'proprietary', licenseUrl: 'https://spacedata.copernicus.eu/documents/20126/0/CSCDA_ESA_Mission-specific+Annex.pdf',
    temporal: ['2021-04-22', '2021-04-22'], coverage: 'global', exampleBbox: SF_BBOX, exampleDates: ['2021-04-01', '2021-05-01'],
  },
  {
    id: 'earthsearch/cop-dem-glo-90', title: 'Copernicus DEM 90 m', description: 'Global digital elevation model, 90 m',
    stacApi: EARTH_SEARCH, collection: 'cop-dem-glo-90', bands: separate({ DEM: 'data' }), access: 'anonymous',
    license: 'proprietary', licenseUrl: 'https://spacedata.copernicus.eu/documents/20123/121286/CSCDA_ESA_Mission-specific+Annex_31_Oct_22.pdf',
    temporal: ['2021-04-22', '2021-04-22'], coverage: 'global', exampleBbox: SF_BBOX, exampleDates: ['2021-04-01', '2021-05-01'],
  },
  {
    id: 'pc/sentinel-2-l2a', title: 'Sentinel-2 Level-2A (Planetary Computer)', description: 'Multi-spectral optical imagery, 10-60 m, global (Azure mirror)',
    stacApi: PLANETARY_COMPUTER, collection: 'sentinel-2-l2a', bands: S2_PC, access: 'planetary-computer-sas',
    license: 'proprietary', licenseUrl: 'https://scihub.copernicus.eu/twiki/pub/SciHubWebPortal/TermsConditions/Sentinel_Data_Terms_and_Conditions.pdf',
    temporal: ['2015-06-23', 'present'], coverage: 'global', exampleBbox: SF_BBOX, exampleDates: ['2024-06-01', '2024-07-15'],
  },
  {
    id: 'pc/landsat-c2-l2', title: 'Landsat Collection 2 Level-2 (Planetary Computer)', description: 'Multi-spectral optical and thermal, 30 m, global (Azure mirror)',
    stacApi: PLANETARY_COMPUTER, collection: 'landsat-c2-l2', bands: { ...LANDSAT, ST_B10: { asset: 'lwir11' } }, access: 'planetary-computer-sas',
    license: 'proprietary', licenseUrl: 'https://www.usgs.gov/core-science-systems/hdds/data-policy',
    temporal: ['1982-08-22', 'present'], coverage: 'global', exampleBbox: SF_BBOX, exampleDates: ['2024-06-01', '2024-07-15'],
  },
  {
    id: 'pc/naip', title: 'NAIP (Planetary Computer)', description: 'Aerial imagery, 0.6-1 m, CONUS; one 4-band COG per scene',
    stacApi: PLANETARY_COMPUTER, collection: 'naip', bands: NAIP, access: 'planetary-computer-sas',
    license: 'proprietary', licenseUrl: 'https://www.fsa.usda.gov/help/policies-and-links/',
    temporal: ['2010-01-01', 'present'], coverage: 'north-america', exampleBbox: SF_BBOX, exampleDates: ['2022-01-01', '2022-12-31'],
  },
  {
    id: 'pc/cop-dem-glo-30', title: 'Copernicus DEM 30 m (Planetary Computer)', description: 'Global digital elevation model, 30 m (Azure mirror)',
    stacApi: PLANETARY_COMPUTER, collection: 'cop-dem-glo-30', bands: separate({ DEM: 'data' }), access: 'planetary-computer-sas',
    license: 'proprietary', licenseUrl: 'https://spacedata.copernicus.eu/documents/20126/0/CSCDA_ESA_Mission-specific+Annex.pdf',
    temporal: ['2021-04-22', '2021-04-22'], coverage: 'global', exampleBbox: SF_BBOX, exampleDates: ['2021-04-01', '2021-05-01'],
  },
  {
    id: 'pc/io-lulc-annual-v02', title: 'Esri 10 m Land Use/Land Cover', description: 'Annual global land use/land cover, 10 m, 9 classes',
    stacApi: PLANETARY_COMPUTER, collection: 'io-lulc-annual-v02', bands: separate({ LULC: 'data' }), access: 'planetary-computer-sas',
    license: 'CC-BY-4.0', licenseUrl: 'https://creativecommons.org/licenses/by/4.0/',
    temporal: ['2017-01-01', 'present'], coverage: 'global', exampleBbox: SF_BBOX, exampleDates: ['2022-01-01', '2022-12-31'],
  },
  {
    id: 'pc/alos-dem', title: 'ALOS World 3D 30 m DEM', description: 'Global digital elevation model, 30 m, JAXA',
    stacApi: PLANETARY_COMPUTER, collection: 'alos-dem', bands: separate({ DEM: 'data' }), access: 'planetary-computer-sas',
    license: 'proprietary', licenseUrl: 'https://earth.jaxa.jp/policy/en.html',
    temporal: ['2021-01-01', '2021-01-01'], coverage: 'global', exampleBbox: SF_BBOX, exampleDates: ['2016-12-01', '2016-12-31'],
  },
  {
    id: 'pc/nasadem', title: 'NASADEM', description: 'NASA DEM (SRTM-derived), 30 m, near-global',
    stacApi: PLANETARY_COMPUTER, collection: 'nasadem', bands: separate({ DEM: 'elevation' }), access: 'planetary-computer-sas',
    license: 'proprietary', licenseUrl: 'https://lpdaac.usgs.gov/data/data-citation-and-policies/',
    temporal: ['2000-02-20', '2000-02-20'], coverage: 'global', exampleBbox: SF_BBOX, exampleDates: ['2000-02-20', '2000-02-21'],
  },
  {
    id: 'pc/esa-worldcover', title: 'ESA WorldCover', description: 'Global land cover, 10 m, 2020-2021',
    stacApi: PLANETARY_COMPUTER, collection: 'esa-worldcover', bands: separate({ MAP: 'map' }), access: 'planetary-computer-sas',
    license: 'CC-BY-4.0', licenseUrl: 'https://spdx.org/licenses/CC-BY-4.0.html',
    temporal: ['2020-01-01', '2021-12-31'], coverage: 'global', exampleBbox: SF_BBOX, exampleDates: ['2021-01-01', '2021-12-31'],
  },
  {
    id: 'pc/usda-cdl', title: 'USDA Cropland Data Layer', description: 'Annual cropland classification, 30 m, CONUS',
    stacApi: PLANETARY_COMPUTER, collection: 'usda-cdl', bands: separate({ CDL: 'cultivated' }), access: 'planetary-computer-sas',
    license: 'proprietary', licenseUrl: 'https://www.nass.usda.gov/Research_and_Science/Cropland/sarsfaqs2.php#Section3_5.0',
    temporal: ['2008-01-01', '2024-12-31'], coverage: 'conus', exampleBbox: [-93.8, 41.9, -93.6, 42.1], exampleDates: ['2021-01-01', '2021-12-31'],
  },
  {
    id: 'aef/v1-annual', title: 'AlphaEarth Foundation Embeddings (Annual)', description: '64-band int8 foundation-model embeddings, 10 m, global; one 64-band COG per tile and year',
    recordTable: 's3://us-west-2.opendata.source.coop/terrafloww/aef-v1-annual-rasteret/index.parquet',
    roles: { id: 'fid', geometry: 'geom', datetime: 'year', href: 'path' },
    bands: samples('data', Array.from({ length: 64 }, (_, i) => `A${String(i).padStart(2, '0')}`)), access: 'anonymous',
    rewrite: { 'https://data.source.coop/': 's3://us-west-2.opendata.source.coop/' },
    license: 'CC-BY-4.0', licenseUrl: 'https://creativecommons.org/licenses/by/4.0/',
    temporal: ['2018-01-01', '2023-12-31'], coverage: 'global', exampleBbox: [11.3, -0.002, 11.5, 0.001], exampleDates: ['2023-01-01', '2023-12-31'],
  },
];

/** The dataset with this id (case-insensitive), if the catalog has it. */
export function findDataset(id: string): Dataset | undefined {
  const key = id.trim().toLowerCase();
  return DATASETS.find((d) => d.id === key);
}
