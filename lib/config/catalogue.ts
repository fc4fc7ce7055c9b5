import { slugOf, stageNameOf } from './names';
import { overlaps } from './network';
import type { Report } from './problems';
import type { RegionFacts } from './regions';

/**
 * What regions must not share: a code, a name, the slug and Stage name derived from it (stack names, `cdk deploy`
 * patterns and `-c regions=` would mix them up), a VPC block or any part of one (regions get peered and routed), and
 * a cell's public DNS name. Each clash is reported at the later region, naming the earlier.
 */
export function checkCatalogue(regions: readonly RegionFacts[], report: Report): void {
  const firstBy = (key: (r: RegionFacts) => string | undefined) => {
    const seen = new Map<string, RegionFacts>();
    return (region: RegionFacts): RegionFacts | undefined => {
      const value = key(region);
      if (value === undefined) return undefined;
      const earlier = seen.get(value);
      if (!earlier) seen.set(value, region);
      return earlier;
    };
  };
  const sameCode = firstBy((r) => r.code);
  const sameName = firstBy((r) => r.name?.toLowerCase());
  const sameSlug = firstBy((r) => (r.name === undefined ? undefined : slugOf(r.name)));
  const sameStage = firstBy((r) => (r.name === undefined ? undefined : stageNameOf(r.name).toLowerCase()));
  const label = (r: RegionFacts) => `${r.name ?? `region #${r.index + 1}`} (${r.code ?? 'no code'})`;
  const withCidr: RegionFacts[] = [];
  const domainOwners = new Map<string, string>();
  for (const region of regions) {
    const at = (...rest: PropertyKey[]) => ['regions', region.index, ...rest];
    const codeClash = sameCode(region);
    if (codeClash) report(at('code'), `a region code used by no other region file; ${label(codeClash)} has it`);
    const nameClash = sameName(region);
    const slugClash = sameSlug(region);
    const stageClash = sameStage(region);
    if (nameClash) report(at('name'), `a name no other region has; ${label(nameClash)} has it`);
    else if (slugClash)
      report(at('name'), `a name whose slug "${slugOf(region.name!)}" (stack names halo-<slug>-…) no other region has; ${label(slugClash)} has it`);
    else if (stageClash)
      report(
        at('name'),
        `a name whose Stage name "${stageNameOf(region.name!)}" no other region has (Stage names are matched in any case); ${label(stageClash)} has it`,
      );
    if (region.cidr) {
      const clash = withCidr.find((other) => overlaps(other.cidr!, region.cidr!));
      if (clash)
        report(
          at('network', 'cidr'),
          `a block that shares no address with another region's (${label(clash)} has ${clash.cidr!.text}), so regions can be peered or routed later`,
        );
      withCidr.push(region);
    }
    for (const { path, name, cell } of region.domainNames) {
      const owner = domainOwners.get(name.toLowerCase());
      const here = `${label(region)} cell ${cell}`;
      if (owner) report(path, `a DNS name no other cell uses; ${owner} has it`);
      else domainOwners.set(name.toLowerCase(), here);
    }
  }
}
