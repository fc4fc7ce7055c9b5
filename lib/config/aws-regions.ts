/**
 * AWS facts the configuration is checked against: the regions this app knows and
 * the availability-zone names each offers. Adding a region the table lacks starts here.
 */
export const AWS_REGION_AZS: Readonly<Record<string, readonly string[]>> = {
  'eu-west-2': ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'],
  'eu-central-1': ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'],
  'eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  'eu-west-3': ['eu-west-3a', 'eu-west-3b', 'eu-west-3c'],
  'eu-north-1': ['eu-north-1a', 'eu-north-1b', 'eu-north-1c'],
  'us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f'],
  'us-east-2': ['us-east-2a', 'us-east-2b', 'us-east-2c'],
  'us-west-2': ['us-west-2a', 'us-west-2b', 'us-west-2c', 'us-west-2d'],
  // ca-central-1 has no "c" zone.
  'ca-central-1': ['ca-central-1a', 'ca-central-1b', 'ca-central-1d'],
  'af-south-1': ['af-south-1a', 'af-south-1b', 'af-south-1c'],
  'ap-southeast-2': ['ap-southeast-2a', 'ap-southeast-2b', 'ap-southeast-2c'],
  'ap-southeast-1': ['ap-southeast-1a', 'ap-southeast-1b', 'ap-southeast-1c'],
  'me-south-1': ['me-south-1a', 'me-south-1b', 'me-south-1c'],
};

/** Regions that an account must opt in to before it can deploy there. */
export const OPT_IN_REGIONS: readonly string[] = ['af-south-1', 'me-south-1', 'me-central-1', 'ap-east-1', 'eu-south-1'];

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS: readonly number[] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** Regions where Amazon Security Lake is not offered. */
export const SECURITY_LAKE_UNAVAILABLE: readonly string[] = ['af-south-1', 'me-south-1'];

/** Continent-scale areas a residency zone may not leave. */
export type Geography = 'Europe' | 'North America' | 'Africa' | 'Asia Pacific' | 'Middle East' | 'South America';

/** Country (ISO 3166-1 alpha-2) and geography of each region the app knows (AWS's region names say where each is). */
export const AWS_REGION_PLACES: Readonly<Record<string, { readonly country: string; readonly geography: Geography }>> = {
  'eu-west-2': { country: 'GB', geography: 'Europe' },
  'eu-central-1': { country: 'DE', geography: 'Europe' },
  'eu-west-1': { country: 'IE', geography: 'Europe' },
  'eu-west-3': { country: 'FR', geography: 'Europe' },
  'eu-north-1': { country: 'SE', geography: 'Europe' },
  'us-east-1': { country: 'US', geography: 'North America' },
  'us-east-2': { country: 'US', geography: 'North America' },
  'us-west-2': { country: 'US', geography: 'North America' },
  'ca-central-1': { country: 'CA', geography: 'North America' },
  'af-south-1': { country: 'ZA', geography: 'Africa' },
  'ap-southeast-2': { country: 'AU', geography: 'Asia Pacific' },
  'ap-southeast-1': { country: 'SG', geography: 'Asia Pacific' },
  'me-south-1': { country: 'BH', geography: 'Middle East' },
};
