import { Stage, StageSynthesisOptions } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import type { HaloConfig, RegionConfig, ResolvedCell } from '../lib/config';
import { proveRefused } from '../lib/proofs';
import type { VerifiedRegion } from '../lib/verify/expected-posture';
import { AppStack } from './app-stack';
import { BackupStack } from './backup-stack';
import { DataStack } from './data-stack';
import { DirectoryStack } from './directory-stack';
import { CellMonitoringStack } from './cell-monitoring-stack';
import { MonitoringStack } from './monitoring-stack';
import { NetworkStack } from './network-stack';
import { SecurityStack } from './security-stack';

/** Properties of {@link RegionStage}. */
export interface RegionStageProps {
  readonly region: RegionConfig;
  /** The whole validated configuration (backup policies, zones, the regions copies go to). */
  readonly config: HaloConfig;
  /** The instant access expiry is judged against. @default now */
  readonly now?: Date;
}

/** One region: `npx cdk deploy '<StageName>/*'` deploys exactly these stacks. */
export class RegionStage extends Stage implements VerifiedRegion {
  /** The validated region this Stage deploys. */
  public readonly regionConfig: RegionConfig;
  /** How the names of the region's buckets start: CloudFormation names a bucket after its stack; named buckets carry account and region. */
  public readonly bucketNamePrefixes: readonly string[];
  public readonly security: SecurityStack;
  public readonly network: NetworkStack;
  public readonly directory: DirectoryStack;
  public readonly backup: BackupStack;
  /** Each cell's Data stack, by cell id. */
  public readonly data: Readonly<Record<string, DataStack>>;
  /** Each cell's App stack, by cell id. */
  public readonly app: Readonly<Record<string, AppStack>>;
  /** What the region's monitoring shares (canary artifacts, the SQL agent configuration). */
  public readonly monitoring: MonitoringStack;
  /** Each cell's monitoring stack, by cell id. */
  public readonly cellMonitoring: Readonly<Record<string, CellMonitoringStack>>;
  private readonly synthesisListeners: ((assembly: CloudAssembly) => void)[] = [];
  private announced = false;

  constructor(scope: Construct, props: RegionStageProps) {
    super(scope, props.region.stageName, { env: { account: props.region.account, region: props.region.code } });
    this.regionConfig = props.region;
    this.bucketNamePrefixes = [props.region.names.stackBucketPrefix, props.region.names.namedBucketPrefix];
    const { region, config } = props;
    this.security = new SecurityStack(this, 'Security', {
      region,
      security: config.security,
      // IAM roles are global: the account's first region with a lake creates the role the others use.
      createMetaStoreManagerRole: config.regions.find((r) => r.account === region.account && r.services.securityLake)?.code === region.code,
      now: props.now,
    });
    const keys = this.security.keys;
    const { accessLogsBucket, alertTopic } = this.security;
    this.network = new NetworkStack(this, 'Network', { region, logsKey: keys.logs });
    const network = this.network.network;
    this.directory = new DirectoryStack(this, 'Directory', { region, network, keys });
    this.backup = new BackupStack(this, 'Backup', {
      region,
      incomingPolicies: config.regions.flatMap((r) => r.cells.filter((c) => c.backup.copy?.region === region.code).map((c) => c.backup.policy)),
      network,
      keys,
    });
    const { directory, certificateAuthority } = this.directory;
    this.data = Object.fromEntries(
      region.cells.map((cell) => [
        cell.id,
        new DataStack(this, `${cell.id}-Data`, {
          region,
          cell,
          network,
          directory,
          certificateAuthority,
          keys,
          accessLogsBucket,
          alertTopic,
          backup: this.backup,
        }),
      ]),
    );
    this.app = Object.fromEntries(
      region.cells.map((cell) => [cell.id, new AppStack(this, `${cell.id}-App`, { region, cell, network, keys, accessLogsBucket, data: this.data[cell.id] })]),
    );
    this.monitoring = new MonitoringStack(this, 'Monitoring', { region, keys, accessLogsBucket });
    this.cellMonitoring = Object.fromEntries(region.cells.map((cell) => [cell.id, this.cellMonitoringStack(cell)]));
    this.proveCellsStayApart(region);
  }

  /** Calls `listener` with the region's assembly as soon as its templates are written, before the app's validation. */
  public onSynthesized(listener: (assembly: CloudAssembly) => void): void {
    this.synthesisListeners.push(listener);
  }

  public override synth(options?: StageSynthesisOptions): CloudAssembly {
    const assembly = super.synth(options);
    if (!this.announced) {
      this.announced = true;
      this.synthesisListeners.forEach((listener) => listener(assembly));
    }
    return assembly;
  }

  private cellMonitoringStack(cell: ResolvedCell): CellMonitoringStack {
    const stack = new CellMonitoringStack(this, `${cell.id}-Monitoring`, {
      region: this.regionConfig,
      cell,
      alertTopic: this.security.alertTopic,
      keys: this.security.keys,
      sqlServer: this.data[cell.id].sqlServer,
      application: this.app[cell.id].application,
      canaryArtifacts: this.monitoring.canaryArtifactsExports,
      agentParameterName: this.monitoring.agentParameterName,
    });
    // Imports by export name (and the agent parameter's name) carry no dependency of their own: the region's goes first.
    stack.addStackDependency(this.monitoring, 'imports the canary artifacts bucket and reads the agent configuration by name');
    return stack;
  }

  /** No UAT cell's roles read a production cell's secrets or native backups. */
  private proveCellsStayApart(region: RegionConfig): void {
    const uat = region.cells.filter((c) => c.environment === 'uat').map((c) => this.data[c.id]);
    const production = region.cells.filter((c) => c.environment === 'production');
    const why = "UAT holds customers' test environments with wider access; production data and its credentials must stay out of its reach.";
    for (const test of uat) {
      const roles = [
        ['Fleet', test.fleetRole.roleArn],
        ['SqlNode', test.sqlServer.role.roleArn],
      ] as const;
      for (const prodCell of production) {
        const prod = this.data[prodCell.id];
        const cell = prodCell.id.replace(/[^A-Za-z0-9]/g, '');
        for (const [name, roleArn] of roles) {
          const actor = { roleArn, description: `UAT ${name === 'Fleet' ? 'fleet' : 'SQL node'} role` };
          proveRefused(test, {
            id: `Uat${name}CannotRead${cell}Connection`,
            actor,
            action: 'secretsmanager:GetSecretValue',
            resource: prod.connectionSecret.secretArn,
            why,
          });
          proveRefused(test, {
            id: `Uat${name}CannotRead${cell}Backups`,
            actor,
            action: 's3:GetObject',
            resource: prod.nativeBackupBucket.arnForObjects('full/tenant_acme/20260101000000.bak'),
            why,
          });
          proveRefused(test, {
            id: `Uat${name}CannotWrite${cell}Backups`,
            actor,
            action: 's3:PutObject',
            resource: prod.nativeBackupBucket.arnForObjects('log/tenant_acme/20260101000000.trn'),
            why,
          });
          const formationSecret = prod.sqlServer.formationSecret;
          if (formationSecret) {
            proveRefused(test, {
              id: `Uat${name}CannotRead${cell}FormationAccount`,
              actor,
              action: 'secretsmanager:GetSecretValue',
              resource: formationSecret.secretArn,
              why,
            });
          }
        }
      }
    }
  }
}
