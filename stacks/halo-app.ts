import { App } from 'aws-cdk-lib';
import { addComplianceGate } from '../lib/compliance';
import { HaloConfig, selectRegions, validateConfig } from '../lib/config';
import { BACKUP_POLICIES, BREAK_GLASS_ROLE_NAME, REGIONS, RESIDENCY_ZONES, SECURITY } from '../regions';
import { RegionStage } from './region-stage';

/** Context keys the app reads (cdk.json or `-c key=value`). */
export const CONTEXT = {
  /** Default account of every region, 12 digits. */
  account: 'halo:account',
  /** Comma-separated regions to synthesize (slug, Stage name or code); all when absent. */
  regions: 'regions',
  /** `off` skips the compliance packs, only to measure what they cost. */
  compliance: 'halo:compliance',
} as const;

/** Validates the configuration from the app's context and builds one Stage per selected region. */
export function buildHaloApp(app: App): { config: HaloConfig; stages: RegionStage[] } {
  const config = validateConfig({
    account: app.node.tryGetContext(CONTEXT.account), breakGlassRoleName: BREAK_GLASS_ROLE_NAME, security: SECURITY,
    zones: RESIDENCY_ZONES, backupPolicies: BACKUP_POLICIES, regions: [...REGIONS],
  });
  const stages = selectRegions(config, app.node.tryGetContext(CONTEXT.regions)).map((region) => new RegionStage(app, { region, config }));
  if (app.node.tryGetContext(CONTEXT.compliance) !== 'off') addComplianceGate(app);
  return { config, stages };
}
