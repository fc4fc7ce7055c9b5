import { AWS_REGION_AZS, AWS_REGION_PLACES, type Geography } from './aws-regions';
import type { Report } from './problems';

/** Where a named residency zone's data may live: some countries, or one geography. */
export interface Jurisdiction {
  readonly countries?: readonly string[];
  readonly geography?: Geography;
  /** The jurisdiction in words, for messages. */
  readonly description: string;
}

/**
 * The jurisdictions of the zone names customers are promised. EU spans Europe: the EU/EEA states and those with an EU
 * adequacy decision (the UK, Switzerland). A zone with another name must stay within one geography.
 */
export const ZONE_JURISDICTIONS: Readonly<Record<string, Jurisdiction>> = {
  UK: { countries: ['GB'], description: 'the United Kingdom' },
  EU: { geography: 'Europe', description: 'Europe (the EU/EEA and countries with an EU adequacy decision)' },
  US: { countries: ['US'], description: 'the United States' },
  CA: { countries: ['CA'], description: 'Canada' },
  ZA: { countries: ['ZA'], description: 'South Africa' },
  AU: { countries: ['AU'], description: 'Australia' },
  ME: { geography: 'Middle East', description: 'the Middle East' },
};

const ZONE_NAME = /^[A-Za-z][A-Za-z0-9-]{0,31}$/;

/**
 * The residency zone table: names without spaces, region codes the app knows, each once, and every region inside the
 * zone's jurisdiction, so no zone lets a customer's data leave the place it was promised.
 */
export function checkZones(zones: Readonly<Record<string, readonly string[]>>, report: Report): void {
  for (const [zone, codes] of Object.entries(zones)) {
    if (!ZONE_NAME.test(zone)) {
      report(['zones'], `zone names of letters, digits and dashes, starting with a letter, up to 32 characters; "${zone}" is not one`, zone);
      continue;
    }
    const at = ['zones', zone];
    const unknown = codes.filter((code) => !(code in AWS_REGION_AZS));
    unknown.forEach((code) => report(at, `regions known to this app (${Object.keys(AWS_REGION_AZS).join(', ')}); "${code}" is not one`));
    if (codes.length === 0) report(at, 'a list of at least one region code');
    const repeated = codes.filter((code, i) => codes.indexOf(code) !== i);
    if (repeated.length > 0) report(at, `each region once; ${[...new Set(repeated)].join(', ')} repeated`);
    const known = [...new Set(codes.filter((code) => code in AWS_REGION_PLACES))];
    const jurisdiction = ZONE_JURISDICTIONS[zone];
    if (jurisdiction) {
      const outside = known.filter((code) => !inside(code, jurisdiction));
      outside.forEach((code) => report(at, `regions in ${jurisdiction.description}; ${code} is in ${placeOf(code)}`));
    } else {
      const geographies = [...new Set(known.map((code) => AWS_REGION_PLACES[code].geography))];
      if (geographies.length > 1) {
        report(
          at,
          `regions of one geography (a residency zone keeps data in one place); it spans ${known.map((code) => `${code} (${placeOf(code)})`).join(', ')}`,
        );
      }
    }
  }
}

function inside(code: string, jurisdiction: Jurisdiction): boolean {
  const place = AWS_REGION_PLACES[code];
  return jurisdiction.countries ? jurisdiction.countries.includes(place.country) : place.geography === jurisdiction.geography;
}

function placeOf(code: string): string {
  const place = AWS_REGION_PLACES[code];
  return `${place.country}, ${place.geography}`;
}
