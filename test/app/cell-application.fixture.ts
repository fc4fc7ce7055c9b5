import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Template } from 'aws-cdk-lib/assertions';
import { CellApplication } from '../../lib/app/cell-application';
import type { AppConfig } from '../../lib/config';
import { regionConfig, testStack } from '../helpers';

/**
 * A cell's application layer alone, in a minimal stack: the fixture London prod-stable cell's settings, changed by
 * `change`, on a VPC, keys, buckets and a role of its own. Returns its template.
 */
export function cellApplicationTemplate(change: (app: AppConfig) => AppConfig = (app) => app): Template {
  const cell = regionConfig('london').cells.find((c) => c.id === 'prod-stable')!;
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'],
    natGateways: 0,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'App', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  new CellApplication(stack, 'Application', {
    cellId: cell.id,
    name: `london-${cell.id}`,
    app: change(structuredClone(cell.app)),
    sizing: cell.sizing,
    vpc,
    vpcCidr: '10.10.0.0/16',
    publicSubnets: { subnetGroupName: 'Public' },
    appSubnets: { subnetGroupName: 'App' },
    accessLogsBucket: new s3.Bucket(stack, 'AccessLogs'),
    artifactsBucket: s3.Bucket.fromBucketName(stack, 'Releases', 'releases'),
    fleetRole: new iam.Role(stack, 'FleetRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') }),
    databaseClients: new ec2.SecurityGroup(stack, 'DatabaseClients', { vpc }),
    sqlCertificateAuthorityArn: 'arn:aws:acm-pca:eu-west-2:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555',
    dataKey: new kms.Key(stack, 'DataKey'),
    logsKey: new kms.Key(stack, 'LogsKey'),
  });
  return Template.fromStack(stack);
}
