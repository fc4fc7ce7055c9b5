/**
 * Every name and tag the app derives from configuration, in one place: validation resolves each region's and cell's
 * names here once (RegionConfig.names, ResolvedCell.names), and constructs, rules and the verifier import the tag keys
 * from here, so no layer spells a name or a tag of its own.
 */

/** Tag of every resource of a region's stacks: the region's slug. */
export const REGION_TAG = 'halo:region';
/** Tag of every resource of a stack: its layer (`security`, `prod-stable-data`, …). */
export const LAYER_TAG = 'halo:layer';
/** Tag of every resource of a cell's Data stack, and of its recovery points: the cell's id; its plan selects its nodes by it. */
export const CELL_TAG = 'halo:cell';
/** Tag of every resource of a cell's Data stack: the cell's environment. */
export const ENVIRONMENT_TAG = 'halo:environment';
/** Tag that names the SQL Server cluster an instance, volume or witness belongs to. */
export const SQL_CLUSTER_TAG = 'halo:sql-cluster';
/** Tag that marks an instance as a SQL Server node: its host name. */
export const SQL_NODE_TAG = 'halo:sql-node';
/** Tag that says how a cell's SQL Server is laid out: `availability-group` or `standalone` (one node, by design). */
export const SQL_TOPOLOGY_TAG = 'halo:sql-topology';
/** Tag that marks an FSx file system as a cluster's file-share witness. */
export const WITNESS_TAG = 'halo:witness';
/** Tag of a recovery point: the plan rule that took it. */
export const BACKUP_RULE_TAG = 'halo:backup-rule';
/** The tag (and its value) by which the monthly restore test selects the nodes it restores: production cells' SQL nodes. */
export const RESTORE_TEST_TAG = 'halo:restore-test';
export const RESTORE_TEST_MONTHLY = 'monthly';
/** The tag that marks a restore drill's scratch instance (its value the cell's id); only instances with it may be terminated by the drill. */
export const RESTORE_DRILL_TAG = 'halo:restore-drill';

/** The stacks of a region, by layer. */
export const REGION_LAYERS = ['security', 'network', 'directory', 'backup', 'monitoring'] as const;
export type RegionLayer = (typeof REGION_LAYERS)[number];
/** The stacks of each cell, by layer. */
export const CELL_LAYERS = ['data', 'app', 'monitoring'] as const;
export type CellLayer = (typeof CELL_LAYERS)[number];

/** What a region's names derive from. */
export interface RegionNaming {
  readonly code: string;
  readonly account: string;
  /** The region's display name, e.g. `N. Virginia`. */
  readonly name: string;
}

/** An AWS Backup vault, by the names another region's copy job or the verifier address it with. */
export interface VaultAddress {
  /** The vault's region code. */
  readonly region: string;
  readonly vaultName: string;
  readonly vaultArn: string;
}

/** The physical names of a region's resources. */
export interface RegionNames {
  /** Kebab-case name used in stack names, e.g. `cape-town` in `halo-cape-town-network`. */
  readonly slug: string;
  /** PascalCase Stage name, e.g. `CapeTown`, so `cdk deploy 'CapeTown/*'` deploys it. */
  readonly stageName: string;
  /** Its stacks' names, `halo-<slug>-<layer>`. */
  readonly stacks: Readonly<Record<RegionLayer, string>>;
  /** Its AWS Backup vault: other regions of its residency zone address their copies to it. */
  readonly vault: VaultAddress;
  /** How the names the app gives its buckets start: bucket names are global, so they carry account and region. */
  readonly namedBucketPrefix: string;
  /** How the names CloudFormation gives its buckets start: after their stack, `halo-<slug>-`. */
  readonly stackBucketPrefix: string;
  /** The break-glass role: IAM names are account-wide, so each region's role carries the region. */
  readonly breakGlassRole: string;
  /** The engineers' everyday role. */
  readonly operatorRole: string;
  /** The CloudFormation execution role of CDK's default bootstrap (qualifier hnb659fds), which deploys every stack. */
  readonly cdkExecutionRoleArn: string;
  /** A pattern (`<slug>-*`) that matches the application name of every cell of the region. */
  readonly applications: string;
  readonly trail: string;
  readonly keyAliasPrefix: string;
  readonly accessAnalyzer: string;
  /** The CloudWatch Logs resource policy that lets WAF deliver the cells' logs. */
  readonly wafLogDeliveryPolicy: string;
  /** The SSM parameter of the CloudWatch agent's configuration on SQL nodes (the agent reads `AmazonCloudWatch-*`). */
  readonly sqlAgentParameter: string;
  /** Export names of the canary artifacts bucket's ARN and name. */
  readonly canaryArtifactsExports: { readonly arn: string; readonly name: string };
  /** AWS Backup restore testing plan: letters, digits and underscores. */
  readonly restoreTestingPlan: string;
  /** The managed directory's DNS and NetBIOS (at most 15 characters) names. */
  readonly directory: { readonly domainName: string; readonly netbiosName: string };
}

/** The physical names of a cell's resources. */
export interface CellNames {
  /** Its stacks' layers, `<cell id>-<layer>` (the stack name's last part and its `halo:layer` tag). */
  readonly layers: Readonly<Record<CellLayer, string>>;
  /** Its stacks' names, `halo-<region slug>-<cell id>-<layer>`. */
  readonly stacks: Readonly<Record<CellLayer, string>>;
  /** How its native-backup bucket's name starts: unique by account, region and cell (the stack adds an id of its creation). */
  readonly sqlBackupBucketPrefix: string;
  /** Its application's name in the account and region: its web ACL and WAF log group are `halo-<this>`. */
  readonly application: string;
  /** Its health canary (Synthetics allows 21 characters). */
  readonly canary: string;
  readonly dashboard: string;
  /** Its composite "unavailable" alarm. */
  readonly unavailableAlarm: string;
}

/** Kebab-case slug of a region's display name: `N. Virginia` is `n-virginia` (stack names `halo-<slug>-<layer>`). */
export function slugOf(name: string): string {
  return name.toLowerCase().replace(/\./g, '').replace(/\s+/g, '-');
}

/** PascalCase Stage name of a region's display name: its letters, `N. Virginia` is `NVirginia`. */
export function stageNameOf(name: string): string {
  return name.replace(/[^A-Za-z]/g, '');
}

/** A stack's name: `halo-<region slug>-<layer>`, stable and readable. */
export function stackNameOf(regionSlug: string, layer: string): string {
  return `halo-${regionSlug}-${layer}`;
}

/** Every name of a region's resources; `breakGlassRoleName` is the configuration's base name of the break-glass roles. */
export function regionNamesOf(region: RegionNaming, breakGlassRoleName: string): RegionNames {
  const { code, account } = region;
  const slug = slugOf(region.name);
  const stageName = stageNameOf(region.name);
  const vaultName = `halo-${slug}`;
  return {
    slug,
    stageName,
    stacks: Object.fromEntries(REGION_LAYERS.map((layer) => [layer, stackNameOf(slug, layer)])) as RegionNames['stacks'],
    vault: { region: code, vaultName, vaultArn: `arn:aws:backup:${code}:${account}:backup-vault:${vaultName}` },
    namedBucketPrefix: `halo-${account}-${code}-`,
    stackBucketPrefix: stackNameOf(slug, ''),
    breakGlassRole: `${breakGlassRoleName}-${slug}`,
    operatorRole: `halo-operator-${slug}`,
    cdkExecutionRoleArn: `arn:aws:iam::${account}:role/cdk-hnb659fds-cfn-exec-role-${account}-${code}`,
    applications: `${slug}-*`,
    trail: `halo-${slug}`,
    keyAliasPrefix: `alias/halo/${slug}`,
    accessAnalyzer: `halo-${slug}`,
    wafLogDeliveryPolicy: `halo-${slug}-waf-log-delivery`,
    sqlAgentParameter: `AmazonCloudWatch-halo-${slug}-sql`,
    canaryArtifactsExports: { arn: `halo-${slug}-canary-artifacts-arn`, name: `halo-${slug}-canary-artifacts-name` },
    restoreTestingPlan: `halo_${slug.replace(/-/g, '_')}_monthly`,
    directory: { domainName: `${slug}.halo.internal`, netbiosName: `HALO${stageName.toUpperCase()}`.slice(0, 15) },
  };
}

/** Every name of a cell's resources, in the region named `region`. */
export function cellNamesOf(region: RegionNames, cellId: string): CellNames {
  const layers = Object.fromEntries(CELL_LAYERS.map((layer) => [layer, `${cellId}-${layer}`])) as CellNames['layers'];
  return {
    layers,
    stacks: Object.fromEntries(CELL_LAYERS.map((layer) => [layer, stackNameOf(region.slug, layers[layer])])) as CellNames['stacks'],
    sqlBackupBucketPrefix: `${region.namedBucketPrefix}${cellId}-sql-`,
    application: `${region.slug}-${cellId}`,
    canary: `halo-${cellId}`.slice(0, 21),
    dashboard: `halo-${region.slug}-${cellId}`,
    unavailableAlarm: `halo-${region.slug}-${cellId}-unavailable`,
  };
}
