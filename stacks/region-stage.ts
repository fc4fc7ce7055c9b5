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
    this.security = new SecurityStack(this, 'Security', { region: props.region, config: props.config, now: props.now });
    this.network = new NetworkStack(this, 'Network', { region: props.region, logsKey: this.security.keys.logs });
    this.directory = new DirectoryStack(this, 'Directory', { region: props.region, network: this.network.network, keys: this.security.keys });
    this.backup = new BackupStack(this, 'Backup', { region: props.region, config: props.config, network: this.network.network, keys: this.security.keys });
    this.data = Object.fromEntries(
      props.region.cells.map((cell) => [
        cell.id,
        new DataStack(this, `${cell.id}-Data`, {
          region: props.region,
          cell,
          network: this.network.network,
          directory: this.directory.directory,
          certificateAuthority: this.directory.certificateAuthority,
          keys: this.security.keys,
          accessLogsBucket: this.security.accessLogs.bucket,
          alertTopic: this.security.alerts.topic,
          backupVault: { name: this.backup.vault.vault.backupVaultName, role: this.backup.role },
        }),
      ]),
    );
    this.app = Object.fromEntries(
      props.region.cells.map((cell) => [
        cell.id,
        new AppStack(this, `${cell.id}-App`, {
          region: props.region,
          cell,
          network: this.network.network,
          keys: this.security.keys,
          security: this.security,
          data: this.data[cell.id],
        }),
      ]),
    );
    this.monitoring = new MonitoringStack(this, 'Monitoring', { region: props.region, security: this.security });
    this.cellMonitoring = Object.fromEntries(props.region.cells.map((cell) => [cell.id, this.cellMonitoringStack(cell, props)]));
    this.proveCellsStayApart(props.region);
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

  private cellMonitoringStack(cell: ResolvedCell, props: RegionStageProps): CellMonitoringStack {
    const stack = new CellMonitoringStack(this, `${cell.id}-Monitoring`, {
      region: props.region,
      cell,
      security: this.security,
      data: this.data[cell.id],
      app: this.app[cell.id],
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
    const production = region.cells.filter((c) => c.environment === 'production').map((c) => this.data[c.id]);
    const why = "UAT holds customers' test environments with wider access; production data and its credentials must stay out of its reach.";
    for (const test of uat) {
      const roles = [
        ['Fleet', test.fleetAccess.role.roleArn],
        ['SqlNode', test.sqlServer.access.role.roleArn],
      ] as const;
      for (const prod of production) {
        const cell = prod.node.id.replace(/-Data$/, '').replace(/[^A-Za-z0-9]/g, '');
        for (const [name, roleArn] of roles) {
          const actor = { roleArn, description: `UAT ${name === 'Fleet' ? 'fleet' : 'SQL node'} role` };
          proveRefused(test, {
            id: `Uat${name}CannotRead${cell}Connection`,
            actor,
            action: 'secretsmanager:GetSecretValue',
            resource: prod.connection.secret.secretArn,
            why,
          });
          proveRefused(test, {
            id: `Uat${name}CannotRead${cell}Backups`,
            actor,
            action: 's3:GetObject',
            resource: prod.backupBucket.bucket.arnForObjects('full/tenant_acme/20260101000000.bak'),
            why,
          });
          proveRefused(test, {
            id: `Uat${name}CannotWrite${cell}Backups`,
            actor,
            action: 's3:PutObject',
            resource: prod.backupBucket.bucket.arnForObjects('log/tenant_acme/20260101000000.trn'),
            why,
          });
          if (prod.sqlServer.directoryObjects.formationSecret) {
            proveRefused(test, {
              id: `Uat${name}CannotRead${cell}FormationAccount`,
              actor,
              action: 'secretsmanager:GetSecretValue',
              resource: prod.sqlServer.directoryObjects.formationSecret.secretArn,
              why,
            });
          }
        }
      }
    }
  }
}
