import { App } from 'aws-cdk-lib';
import { addComplianceGate, cellPostures, EvaluationLedger, GUARD_PLUGIN } from '../lib/compliance';
import { HaloConfig, selectRegions, validateConfig } from '../lib/config';
import { BACKUP_POLICIES, BREAK_GLASS_ROLE_NAME, REGIONS, RESIDENCY_ZONES, SECURITY } from '../regions';
import { RegionStage } from './region-stage';
import { ComplianceEvidence, resourceInventory } from '../lib/compliance/evidence';

/** Context keys the app reads (cdk.json or `-c key=value`). */
export const CONTEXT = {
  /** Default account of every region, 12 digits. */
  account: 'halo:account',
  /** Comma-separated regions to synthesize (slug, Stage name or code); all when absent. */
  regions: 'regions',
  /** `off` skips the compliance packs, only to measure what they cost. */
  compliance: 'halo:compliance',
  /** `on` also runs the AWS Control Tower proactive controls through cfn-guard (`npm run compliance -- --guard`). */
  guard: 'halo:guard',
} as const;

/** The app as built: configuration, one Stage per selected region, and the compliance ledger when the packs run. */
export interface HaloApp {
  readonly config: HaloConfig;
  readonly stages: RegionStage[];
  readonly ledger?: EvaluationLedger;
  readonly guard: boolean;
}

/** Validates the configuration from the app's context and builds one Stage per selected region. */
export function buildHaloApp(app: App): HaloApp {
  const config = validateConfig({
    account: app.node.tryGetContext(CONTEXT.account), breakGlassRoleName: BREAK_GLASS_ROLE_NAME, security: SECURITY,
    zones: RESIDENCY_ZONES, backupPolicies: BACKUP_POLICIES, regions: [...REGIONS],
  });
  const stages = selectRegions(config, app.node.tryGetContext(CONTEXT.regions)).map((region) => new RegionStage(app, { region, config }));
  const guard = app.node.tryGetContext(CONTEXT.guard) === 'on';
  const ledger = app.node.tryGetContext(CONTEXT.compliance) !== 'off' ? addComplianceGate(app, { guard }) : undefined;
  return { config, stages, ledger, guard };
}

/** The evidence the auditor report is built from, once the app has been synthesized. */
export function complianceEvidenceOf(halo: HaloApp): Omit<ComplianceEvidence, 'acknowledgements' | 'gaps'> {
  const regions = halo.stages.map((s) => s.regionConfig);
  return {
    regions: regions.map((r) => ({ stage: r.stageName, code: r.code, name: r.name })),
    packs: halo.ledger?.packs() ?? [],
    resources: halo.stages.flatMap((stage) => resourceInventory(stage)),
    guardRequested: halo.guard,
    guard: halo.ledger?.completedPlugins().includes(GUARD_PLUGIN) ?? false,
    evaluations: halo.ledger?.evaluations() ?? [],
    cells: cellPostures(halo.config, regions),
  };
}
