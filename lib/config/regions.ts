import type { z } from 'zod';
import { AWS_REGION_AZS, OPT_IN_REGIONS, SECURITY_LAKE_UNAVAILABLE } from './aws-regions';
import { checkCells, type CopyTarget } from './cells';
import { checkVpcCidr, type CidrBlock } from './network';
import { itemsOf, partsOf } from './parts';
import type { Path, Report } from './problems';
import { type BackupPolicy, MAINTENANCE_WINDOW_PATTERN, regionSchema } from './schema';

type RegionShape = typeof regionSchema.shape;

/** What the catalogue-wide checks need of a region: its names, its VPC block, its cells' names and copies. */
export interface RegionFacts {
  readonly index: number;
  readonly code?: string;
  readonly name?: string;
  readonly cidr?: CidrBlock;
  readonly domainNames: { readonly path: Path; readonly name: string; readonly cell: string }[];
  readonly copies: CopyTarget[];
}

/** The configuration-wide settings a region is checked against (those that were read). */
export interface RegionContext {
  readonly account?: string;
  readonly zones: Readonly<Record<string, readonly string[]>>;
  readonly backupPolicies?: Readonly<Record<'production' | 'uat', BackupPolicy>>;
}

/** Checks one region field by field, so that every problem it has is reported in the same run. */
export function checkRegion(raw: unknown, index: number, context: RegionContext, report: Report): RegionFacts {
  const at = (...rest: PropertyKey[]): Path => ['regions', index, ...rest];
  const region = partsOf(regionSchema, raw);
  const rawOf = (key: keyof RegionShape) => (raw as Record<string, unknown> | null)?.[key];
  const services = partsOf(regionSchema.shape.services, rawOf('services'));
  const network = partsOf(regionSchema.shape.network, rawOf('network'));
  const knownAzs = region.code === undefined ? undefined : AWS_REGION_AZS[region.code];
  // Facts of the region (its AZs, opt-in, offerings) are judged only against a code the app knows.
  if (region.code !== undefined && !knownAzs) report(at('code'), `one of ${Object.keys(AWS_REGION_AZS).join(', ')}`);
  const code = knownAzs ? region.code : undefined;
  if (code && knownAzs) {
    const azs = region.availabilityZones;
    if (azs && (azs.length !== 3 || new Set(azs).size !== 3 || azs.some((az) => !knownAzs.includes(az)))) {
      report(at('availabilityZones'), `exactly three distinct zones of ${code}: ${knownAzs.join(', ')}`);
    }
    const isOptIn = OPT_IN_REGIONS.includes(code);
    if (region.optIn !== undefined && region.optIn !== isOptIn) report(at('optIn'), `${isOptIn} (${code} is ${isOptIn ? '' : 'not '}an opt-in region)`);
    if (services.securityLake && SECURITY_LAKE_UNAVAILABLE.includes(code)) {
      report(at('services', 'securityLake'), `false (Security Lake is not offered in ${code})`);
    }
  }
  checkServices(services, region.account ?? context.account, (field, allowed, value) => report(at('services', ...field), allowed, value));
  const window = region.maintenanceWindow?.window;
  if (window !== undefined && (!MAINTENANCE_WINDOW_PATTERN.test(window) || windowMinutes(window) === 0 || windowMinutes(window) > 24 * 60)) {
    report(at('maintenanceWindow', 'window'), 'ddd:hh:mm-ddd:hh:mm in local time, e.g. "Sun:01:00-Sun:04:00", longer than zero and at most 24 hours');
  }
  const cidr = network.cidr === undefined ? undefined : checkVpcCidr(network.cidr, at('network', 'cidr'), report);
  const production = itemsOf(rawOf('cells')).filter((cell) => (cell as { environment?: unknown } | null)?.environment === 'production');
  if (region.directory?.edition === 'Standard' && production.length > 0) {
    report(
      at('directory', 'edition'),
      `Enterprise: the region has ${production.length} production cell(s), which run on an Enterprise directory (about 500,000 objects where Standard holds 30,000); changing the edition replaces the directory, so every SQL node would have to join a new domain: plan it as a migration`,
    );
  }
  const copies = checkCells(
    rawOf('cells'),
    at('cells'),
    {
      regionCode: code,
      account: region.account ?? context.account,
      azCount: region.availabilityZones?.length ?? 3,
      zones: context.zones,
      backupPolicies: context.backupPolicies,
    },
    report,
  );
  const domainNames = itemsOf(rawOf('cells')).flatMap((cell, c) => {
    const { id, app } = (cell ?? {}) as { id?: unknown; app?: { domainName?: unknown } };
    const name = app?.domainName;
    return typeof name === 'string' ? [{ path: at('cells', c, 'app', 'domainName'), name, cell: typeof id === 'string' ? id : `#${c + 1}` }] : [];
  });
  return { index, code: region.code, name: region.name, cidr, domainNames, copies };
}

/** Security Hub standards each once; security services run by the organization declared whole. */
function checkServices(services: Partial<z.output<RegionShape['services']>>, account: string | undefined, report: Report): void {
  const standards = services.securityHubStandards ?? [];
  const repeated = standards.filter((s, i) => standards.indexOf(s) !== i);
  if (repeated.length > 0) report(['securityHubStandards'], `each standard once; ${[...new Set(repeated)].join(', ')} is repeated`);
  const managed = services.organizationManaged;
  if (!managed) return;
  if (!managed.guardDuty && !managed.securityHub && !managed.config) {
    report(
      ['organizationManaged'],
      'at least one of guardDuty, securityHub, config set to true (or no organizationManaged at all: the stack runs all three)',
      managed,
    );
  }
  if (managed.administratorAccountId === account) {
    report(['organizationManaged', 'administratorAccountId'], "the organization's delegated administrator account, not the account the region deploys to");
  }
  if (managed.securityHub && !managed.config) {
    report(
      ['organizationManaged', 'config'],
      "true when securityHub is: Security Hub's controls read AWS Config, so an organization that runs Security Hub runs AWS Config too",
    );
  }
}

/** Minutes covered by a ddd:hh:mm-ddd:hh:mm window, wrapping over the week's end. */
export function windowMinutes(window: string): number {
  const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const [start, end] = window.split('-').map((part) => {
    const [day, hh, mm] = part.split(':');
    return days.indexOf(day) * 1440 + Number(hh) * 60 + Number(mm);
  });
  return (end - start + 7 * 1440) % (7 * 1440);
}
