import { FormatError } from '../errors.js';

/** The hint for a file that breaks the TIFF rules: what a user can try. */
export const CORRUPT_TIFF_HINT = 'Check it with gdalinfo; if GDAL reads it, rewrite it: gdal_translate -of COG in.tif out.tif';

/**
 * A FormatError for a TIFF the header parser refuses, naming the file.
 * Every refusal in src/tiff goes through here so messages stay uniform.
 */
export function tiffError(url: string, reason: string, hint: string = CORRUPT_TIFF_HINT): FormatError {
  return new FormatError({ url, reason, hint });
}
