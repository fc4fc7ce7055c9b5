import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as securitylake from 'aws-cdk-lib/aws-securitylake';
import { Construct } from 'constructs';
import { acknowledgeAll } from '../compliance/acknowledge';

/** AWS log sources the lake collects, in the order CloudFormation must create them (each waits for the one before). */
export const SECURITY_LAKE_SOURCES = ['CLOUD_TRAIL_MGMT', 'VPC_FLOW', 'SH_FINDINGS', 'ROUTE53', 'WAF'] as const;

/** Properties of {@link RegionSecurityLake}. */
export interface RegionSecurityLakeProps {
  readonly logsKey: kms.IKey;
  /** Days to the infrequent-access storage class, and to deletion. */
  readonly transitionDays: number;
  readonly expirationDays: number;
  /** The security team's SIEM: its account and the external id it presents. */
  readonly subscriber: { readonly accountId: string; readonly externalId: string };
}

/**
 * Amazon Security Lake for the region: encrypted with the logs key, lifecycle from configuration,
 * no replication, the region's CloudTrail, VPC flow, Security Hub, Route 53 resolver and WAF logs,
 * and the SIEM as a Lake Formation subscriber.
 */
export class RegionSecurityLake extends Construct {
  public readonly dataLake: securitylake.CfnDataLake;
  public readonly sources: securitylake.CfnAwsLogSource[];
  public readonly subscriber: securitylake.CfnSubscriber;

  constructor(scope: Construct, id: string, props: RegionSecurityLakeProps) {
    super(scope, id);
    if (props.transitionDays >= props.expirationDays) {
      throw new Error(`RegionSecurityLake ${this.node.path}: transitionDays (${props.transitionDays}) must be fewer than expirationDays (${props.expirationDays})`);
    }
    const managerRole = new iam.Role(this, 'MetaStoreManagerRole', {
      description: 'Security Lake: updates the Glue partitions of the region\'s lake',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonSecurityLakeMetastoreManager')],
    });
    acknowledgeAll(managerRole, ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonSecurityLakeMetastoreManager]'], {
      reason: 'Security Lake requires its meta store manager role to carry the AWS-maintained AmazonSecurityLakeMetastoreManager policy.',
      compensatingControl: 'The policy is limited to Security Lake\'s own Glue tables, SQS queues and buckets; only Lambda can assume the role.',
    });
    this.dataLake = new securitylake.CfnDataLake(this, 'DataLake', {
      encryptionConfiguration: { kmsKeyId: props.logsKey.keyArn },
      lifecycleConfiguration: {
        transitions: [{ days: props.transitionDays, storageClass: 'STANDARD_IA' }],
        expiration: { days: props.expirationDays },
      },
      metaStoreManagerRoleArn: managerRole.roleArn,
    });
    const account = Stack.of(this).account;
    let previous: securitylake.CfnAwsLogSource | undefined;
    this.sources = SECURITY_LAKE_SOURCES.map((sourceName) => {
      const source = new securitylake.CfnAwsLogSource(this, `Source-${sourceName}`, {
        dataLakeArn: this.dataLake.attrArn, sourceName, sourceVersion: '2.0', accounts: [account],
      });
      // Security Lake accepts one source change at a time.
      source.addResourceDependency(previous ?? this.dataLake);
      previous = source;
      return source;
    });
    this.subscriber = new securitylake.CfnSubscriber(this, 'SiemSubscriber', {
      dataLakeArn: this.dataLake.attrArn,
      subscriberName: 'halo-siem',
      subscriberDescription: 'Security team SIEM',
      accessTypes: ['LAKEFORMATION'],
      subscriberIdentity: { principal: props.subscriber.accountId, externalId: props.subscriber.externalId },
      sources: SECURITY_LAKE_SOURCES.map((sourceName) => ({ awsLogSource: { sourceName, sourceVersion: '2.0' } })),
    });
    this.subscriber.addResourceDependency(previous!);
  }
}
