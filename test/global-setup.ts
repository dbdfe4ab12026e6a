// Fixture generation hooks in here (GDAL-written matrix); see test/fixtures/.
export default async function setup(): Promise<void> {}
