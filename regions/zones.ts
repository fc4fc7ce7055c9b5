/**
 * Residency zones: the regions a customer's data (backups included) may live in.
 * A cell names the zone of the customers it hosts; nothing of it may leave that zone.
 */
export const RESIDENCY_ZONES: Readonly<Record<string, readonly string[]>> = {
  UK: ['eu-west-2'],
  EU: ['eu-west-2', 'eu-central-1'],
  US: ['us-east-1'],
  CA: ['ca-central-1'],
  ZA: ['af-south-1'],
  AU: ['ap-southeast-2'],
  ME: ['me-south-1'],
};

/** The zones that hold a region, e.g. `residencyZonesOf('eu-west-2')` is `['UK', 'EU']`. */
export function residencyZonesOf(regionCode: string): string[] {
  return Object.keys(RESIDENCY_ZONES).filter((zone) => RESIDENCY_ZONES[zone].includes(regionCode));
}
