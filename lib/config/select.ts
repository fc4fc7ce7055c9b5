import { ConfigError } from './validate';
import type { HaloConfig, RegionConfig } from './types';

/**
 * The regions named in a comma-separated list (slug, Stage name or region code, any case);
 * all regions when the list is empty.
 */
export function selectRegions(config: HaloConfig, list: string | undefined): readonly RegionConfig[] {
  const wanted = (list ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (wanted.length === 0) return config.regions;
  const unknown = wanted.filter((w) => !config.regions.some((r) => matches(r, w)));
  if (unknown.length > 0) {
    const allowed = config.regions.map((r) => `${r.slug} (${r.code})`).join(', ');
    throw new ConfigError([
      `Configuration: context regions is ${JSON.stringify(list)}; allowed: a comma-separated list of ${allowed} (names and Stage names work too); unknown: ${unknown.join(', ')}`,
    ]);
  }
  return config.regions.filter((r) => wanted.some((w) => matches(r, w)));
}

function matches(region: RegionConfig, wanted: string): boolean {
  return [region.slug, region.stageName.toLowerCase(), region.code, region.name.toLowerCase()].includes(wanted);
}
