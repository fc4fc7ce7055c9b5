import { App } from 'aws-cdk-lib';
import { addComplianceGate, cellPostures, EvaluationLedger, GUARD_PLUGIN } from '../lib/compliance';
import { readFileSync } from 'fs';
import { join } from 'path';
import { ConfigError, HaloConfig, HaloConfigInput, RegionInput, selectRegions, validateConfig } from '../lib/config';
import { CHANNELS_FILE } from '../lib/release/channels';
import { withReleaseState } from '../lib/release/declared-regions';
import { CELLS_FILE } from '../lib/release/state';
import { BACKUP_POLICIES, BREAK_GLASS_ROLE_NAME, REGIONS, RESIDENCY_ZONES, SECURITY } from '../regions';
import { RegionStage } from './region-stage';
import { proveAllowed } from '../lib/proofs';
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
  /** `off` skips the permission proofs, only to measure what they cost. */
  proofs: 'halo:proofs',
} as const;

/** The app as built: configuration, one Stage per selected region, and the compliance ledger when the packs run. */
export interface HaloApp {
  readonly config: HaloConfig;
  readonly stages: RegionStage[];
  readonly ledger?: EvaluationLedger;
  readonly guard: boolean;
}

/** The shipped regions (regions/), each cell with its colours from the release state (`root`'s releases/), judged at `now`. */
export function shippedRegions(now: Date, root = join(__dirname, '..')): RegionInput[] {
  const unreadable: string[] = [];
  const read = (file: string): unknown => {
    try {
      return JSON.parse(readFileSync(join(root, file), 'utf8'));
    } catch (error) {
      // A missing file, or one left with merge-conflict markers: one line naming it, never a stack trace.
      unreadable.push(
        `${file}: cannot be read as JSON (${(error as Error).message.split('\n')[0]}); allowed: the release file as the release tools write it (git show HEAD:${file})`,
      );
      return undefined;
    }
  };
  const files = { channels: read(CHANNELS_FILE), cells: read(CELLS_FILE) };
  if (unreadable.length > 0) throw new ConfigError(unreadable);
  const { regions, problems } = withReleaseState(REGIONS, files, now);
  if (!regions) throw new ConfigError(problems);
  return regions;
}

/** The shipped configuration of regions/ with these regions (each cell with its colours) in this account. */
export function shippedInput(account: HaloConfigInput['account'], regions: RegionInput[]): HaloConfigInput {
  return { account, breakGlassRoleName: BREAK_GLASS_ROLE_NAME, security: SECURITY, zones: RESIDENCY_ZONES, backupPolicies: BACKUP_POLICIES, regions };
}

/** The shipped configuration (regions/ and the release state), with the account from the app's context. */
export function shippedConfiguration(app: App, now = new Date()): HaloConfigInput {
  return shippedInput(app.node.tryGetContext(CONTEXT.account), shippedRegions(now));
}

/** Validates the configuration (the shipped one unless given) and builds one Stage per selected region. */
export function buildHaloApp(app: App, input: HaloConfigInput = shippedConfiguration(app)): HaloApp {
  const config = validateConfig(input);
  const stages = selectRegions(config, app.node.tryGetContext(CONTEXT.regions)).map((region) => new RegionStage(app, { region, config }));
  proveBackupCopies(stages);
  const guard = app.node.tryGetContext(CONTEXT.guard) === 'on';
  const ledger = app.node.tryGetContext(CONTEXT.compliance) !== 'off' ? addComplianceGate(app, { guard }) : undefined;
  return { config, stages, ledger, guard };
}

/**
 * A cell whose recovery points are copied to another region's vault: the copy job (the source region's backup role,
 * through EC2 in the destination region) must be able to use the destination vault's key. Proven when both regions
 * are synthesized; a subset synth that leaves out the destination cannot see its key.
 */
function proveBackupCopies(stages: readonly RegionStage[]): void {
  for (const source of stages) {
    for (const cell of source.regionConfig.cells) {
      const target = stages.find((s) => s.regionConfig.code === cell.backup.copy?.region);
      if (!target || target === source) continue;
      const actor = { roleArn: source.backup.role.roleArn, description: `AWS Backup role of ${source.regionConfig.name}` };
      const viaEc2 = {
        'kms:ViaService': `ec2.${target.regionConfig.code}.amazonaws.com`,
        'kms:EncryptionContextKeys': 'aws:ebs:id',
        'kms:EncryptionContext:aws:ebs:id': 'snap-0123456789abcdef0',
      };
      const key = target.security.keys.backup.keyArn;
      const why = `Cell ${cell.id} copies every recovery point into the ${target.regionConfig.name} vault, whose key re-encrypts the copy in ${target.regionConfig.code}.`;
      const plan = source.data[cell.id].backupPlan;
      proveAllowed(plan, {
        id: 'CopyGrantsOnDestinationKey',
        actor,
        action: 'kms:CreateGrant',
        resource: key,
        context: { ...viaEc2, 'kms:GrantIsForAWSResource': 'true' },
        why,
      });
      proveAllowed(plan, { id: 'CopyGeneratesOnDestinationKey', actor, action: 'kms:GenerateDataKeyWithoutPlaintext', resource: key, context: viaEc2, why });
      proveAllowed(plan, {
        id: 'CopyDescribesDestinationKey',
        actor,
        action: 'kms:DescribeKey',
        resource: key,
        context: { 'kms:ViaService': viaEc2['kms:ViaService'] },
        why,
      });
    }
  }
}

/** The evidence the auditor report is built from, once the app has been synthesized (the synth adds its run and provenance). */
export function complianceEvidenceOf(halo: HaloApp): Omit<ComplianceEvidence, 'acknowledgements' | 'gaps' | 'runId' | 'synthStartedAt' | 'provenance'> {
  const regions = halo.stages.map((s) => s.regionConfig);
  return {
    regions: regions.map((r) => ({ stage: r.stageName, code: r.code, name: r.name })),
    packs: halo.ledger?.packs() ?? [],
    resources: halo.stages.flatMap((stage) => resourceInventory(stage)),
    guardRequested: halo.guard,
    guard: halo.ledger?.completedPlugins().includes(GUARD_PLUGIN) ?? false,
    evaluations: halo.ledger?.evaluations() ?? [],
    cells: cellPostures(regions),
    securityServices: regions.map((r) => {
      const managed = r.services.organizationManaged;
      const who = (service: 'guardDuty' | 'securityHub' | 'config') =>
        managed?.[service]
          ? `the organization (delegated administrator ${managed.administratorAccountId}); the live verifier checks it is on`
          : `this app (${r.names.stacks.security})`;
      return {
        region: r.code,
        name: r.name,
        guardDuty: who('guardDuty'),
        securityHub: who('securityHub'),
        config: who('config'),
        securityLake: r.services.securityLake ? `this app (${r.names.stacks.security})` : 'not offered in the region (recorded gap)',
      };
    }),
    sqlDrills: halo.stages.flatMap((stage) =>
      stage.regionConfig.cells.flatMap((cell) => {
        const { drills } = stage.data[cell.id].sqlServer;
        const base = { region: stage.regionConfig.code, regionName: stage.regionConfig.name, cell: cell.id };
        return [
          ...(drills.documentNames.failover
            ? [
                {
                  ...base,
                  kind: 'failover' as const,
                  document: drills.documentNames.failover,
                  schedule: drills.schedules.FailoverDrillSchedule,
                  what: "checks every database is synchronized, renews each node's certificate while it is the secondary, fails over and back, timing each",
                },
              ]
            : []),
          {
            ...base,
            kind: 'restore' as const,
            document: drills.documentNames.restore,
            schedule: drills.schedules.RestoreDrillSchedule,
            what: `restores a random tenant database ${cell.environment === 'production' ? 'to a random point of the last 3 days' : 'from its newest full backup'} on a scratch instance, runs DBCC CHECKDB, times it against the RTO`,
          },
        ];
      }),
    ),
  };
}
