import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { RegionConfig } from '../lib/config';
import { SqlAgentConfiguration } from '../lib/monitoring/sql-node-monitoring';
import { privateBucketProps } from '../lib/security/private-bucket';
import { acknowledgeInRegionBucket } from '../lib/compliance/standard-acknowledgements';
import { HaloStack } from './halo-stack';
import type { RegionKeyRing } from './interfaces';

/** Properties of {@link MonitoringStack}. */
export interface MonitoringStackProps {
  readonly region: RegionConfig;
  /** The region's logs key: it encrypts the canary artifacts. */
  readonly keys: Pick<RegionKeyRing, 'logs'>;
  /** The region's bucket of S3 server access logs. */
  readonly accessLogsBucket: s3.IBucket;
}

/**
 * What the region's monitoring shares, and nothing per cell (each cell's monitoring is its own stack): the canary
 * artifacts bucket and the CloudWatch agent configuration of the SQL nodes.
 */
export class MonitoringStack extends HaloStack {
  public readonly canaryArtifacts: s3.Bucket;
  /** Names under which the bucket's ARN and name are exported to the cells' monitoring stacks (fixed: the bucket never changes). */
  public readonly canaryArtifactsExports: { readonly arn: string; readonly name: string };
  public readonly agentParameterName: string;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    const { region } = props;
    super(scope, id, {
      region,
      layer: 'monitoring',
      description: `Halo ${region.name}: canary artifacts and the SQL Server agent configuration shared by the cells`,
      terminationProtection: false,
    });
    this.canaryArtifacts = new s3.Bucket(this, 'CanaryArtifacts', {
      ...privateBucketProps(props.keys.logs, props.accessLogsBucket, 'canaries/'),
      lifecycleRules: [{ id: 'expire-canary-artifacts', expiration: Duration.days(31), noncurrentVersionExpiration: Duration.days(1) }],
    });
    acknowledgeInRegionBucket(this.canaryArtifacts, {
      logsToAnotherStack: true,
      withoutObjectLock: {
        reason:
          'Canary artifacts are screenshots and logs of synthetic health checks, kept 31 days for troubleshooting; they hold no customer data and no audit record.',
        compensatingControl:
          "The canaries' results are CloudWatch metrics and alarms; the bucket is versioned, KMS-encrypted and private, and CloudTrail records changes to it.",
      },
    });
    // Exported by name (Fn::ImportValue): the cells' canary policies then name the bucket the same way every synth.
    this.canaryArtifactsExports = region.names.canaryArtifactsExports;
    this.exportValue(this.canaryArtifacts.bucketArn, { name: this.canaryArtifactsExports.arn });
    this.exportValue(this.canaryArtifacts.bucketName, { name: this.canaryArtifactsExports.name });
    this.agentParameterName = region.names.sqlAgentParameter;
    new SqlAgentConfiguration(this, 'SqlAgent', { parameterName: this.agentParameterName });
  }
}
