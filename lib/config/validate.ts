import { z } from 'zod';
import { checkBackupPolicy } from './backup-promises';
import { checkCatalogue } from './catalogue';
import { itemsOf, parsed } from './parts';
import { ConfigError, objectKeys, plainWords, Problems } from './problems';
import { checkRegion, type RegionFacts } from './regions';
import { resolveRegions } from './resolve';
import { checkZones } from './residency';
import {
  accountSchema,
  backupPoliciesSchema,
  haloConfigSchema,
  type HaloConfigInput,
  regionSchema,
  roleNameSchema,
  securitySchema,
  zonesSchema,
} from './schema';
import { checkSecurity } from './security';
import type { HaloConfig } from './types';

export { ConfigError } from './problems';
export { windowMinutes } from './regions';

/** The top-level keys alone: reports unknown ones (with a guess) and a configuration that is not an object. */
// Optional: a missing key is read() and reported in its own words; required z.unknown() keys would add a zod "nonoptional" line.
const envelope = z.strictObject(Object.fromEntries(objectKeys(haloConfigSchema)!.map((key) => [key, z.unknown().optional()])));

/**
 * Validates the whole configuration before any construct is built; throws ConfigError listing every problem, one line
 * each, in one run. Whatever the input (null, numbers, lists, wrong shapes), the only error it throws is a ConfigError.
 */
export function validateConfig(input: HaloConfigInput): HaloConfig {
  const problems = new Problems(input);
  let config: HaloConfig | undefined;
  try {
    config = check(input, problems);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    // A bug in the checks must still reach the user as one line, never as a stack trace of this module.
    problems.report(
      [],
      `a configuration these checks can read (they failed: ${error instanceof Error ? error.message : String(error)}); please report this`,
      '(unreadable)',
    );
  }
  if (problems.count > 0 || !config) throw new ConfigError(problems.lines());
  return config;
}

function check(input: unknown, problems: Problems): HaloConfig | undefined {
  const { report } = problems;
  const top = (input !== null && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const read = <T extends z.ZodType>(key: string, schema: T): z.output<T> | undefined => {
    const result = schema.safeParse(top[key], { error: plainWords });
    if (!result.success) problems.fromZod(schema, result.error.issues, [key]);
    return result.success ? result.data : undefined;
  };
  const shape = envelope.safeParse(input, { error: plainWords });
  if (!shape.success) problems.fromZod(haloConfigSchema, shape.error.issues, []);
  const account = read('account', accountSchema);
  const breakGlassRoleName = read('breakGlassRoleName', roleNameSchema);
  const security = read('security', securitySchema);
  const zones = read('zones', zonesSchema);
  const backupPolicies = read('backupPolicies', backupPoliciesSchema);
  if (security) checkSecurity(security, report);
  if (zones) checkZones(zones, report);
  if (backupPolicies) {
    checkBackupPolicy('production', backupPolicies.production, report);
    checkBackupPolicy('uat', backupPolicies.uat, report);
  }

  const rawRegions = itemsOf(top.regions);
  if (!Array.isArray(top.regions) || rawRegions.length === 0) report(['regions'], 'a list of at least one region');
  const context = { account, zones: zones ?? {}, backupPolicies };
  const facts: RegionFacts[] = rawRegions.map((raw, r) => {
    const result = regionSchema.safeParse(raw, { error: plainWords });
    if (!result.success) problems.fromZod(regionSchema, result.error.issues, ['regions', r]);
    return checkRegion(raw, r, context, report);
  });
  checkCatalogue(facts, report);
  // Copies are checked once everything else holds, so one broken region does not make others' copies look orphaned.
  if (problems.count === 0) {
    facts
      .flatMap((f) => f.copies)
      .filter((t) => !facts.some((other) => other.code === t.copyRegion))
      .forEach((t) => report(t.path, `a region of this configuration, whose backup vault receives the copies${t.source}`, t.copyRegion));
  }
  if (problems.count > 0 || !account || !breakGlassRoleName || !security || !zones || !backupPolicies) return undefined;

  const valid = rawRegions.map((raw) => parsed(regionSchema, raw)!);
  const regions = resolveRegions(valid, { account, breakGlassRoleName, zones, backupPolicies });
  return { zones, breakGlassRoleName, security, backupPolicies, regions };
}
