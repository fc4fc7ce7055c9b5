import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BACKUP_POLICIES, BREAK_GLASS_ROLE_NAME, REGIONS, RESIDENCY_ZONES, SECURITY } from '../regions';
import { HaloConfigInput, RegionConfig, RegionInput, validateConfig } from '../lib/config';
import { buildHaloApp, CONTEXT, HaloApp, shippedConfiguration } from '../stacks/halo-app';
import type { RegionStage } from '../stacks/region-stage';

/** The feature flags and context of cdk.json, so tests synthesize what the CLI does. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(__dirname, '..', 'cdk.json'), 'utf8')).context;
}

export interface TestAppOptions {
  /** Comma-separated region selection, as with `-c regions=`. */
  readonly regions?: string;
  /** Run the compliance packs. @default false */
  readonly compliance?: boolean;
  /** Run the built-in CloudFormation validation. @default false */
  readonly cfnValidation?: boolean;
  /** Where the cloud assembly goes. @default a temporary folder */
  readonly outdir?: string;
}

/**
 * Builds the real app (bin/halo.ts's path) with cdk.json's context; `configure` may change a copy of the shipped
 * configuration first (e.g. one cell's setting).
 */
export function buildTestApp(options: TestAppOptions = {}, configure?: (input: HaloConfigInput & { regions: RegionInput[] }) => void): HaloApp & { app: App } {
  const context: Record<string, unknown> = { ...cdkJsonContext() };
  if (options.regions) context[CONTEXT.regions] = options.regions;
  if (!options.compliance) context[CONTEXT.compliance] = 'off';
  const app = new App({ context, outdir: options.outdir, builtinCloudFormationValidation: options.cfnValidation ?? false });
  const input = structuredClone(shippedConfiguration(app)) as HaloConfigInput & { regions: RegionInput[] };
  configure?.(input);
  return { app, ...buildHaloApp(app, input) };
}

/** The London stage alone, the region most tests look at. */
export function londonStage(): RegionStage {
  return buildTestApp({ regions: 'london' }).stages[0];
}

/** A validated region from the catalogue, by slug. */
export function regionConfig(slug: string): RegionConfig {
  const config = validateConfig({ account: '111122223333', breakGlassRoleName: BREAK_GLASS_ROLE_NAME, security: SECURITY, zones: RESIDENCY_ZONES, backupPolicies: BACKUP_POLICIES, regions: [...REGIONS] });
  const region = config.regions.find((r) => r.slug === slug);
  if (!region) throw new Error(`no region ${slug}`);
  return region;
}

export function templateOf(stack: Stack): Template {
  return Template.fromStack(stack);
}
