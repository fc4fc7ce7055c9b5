import { App, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as config from 'aws-cdk-lib/aws-config';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as securitylake from 'aws-cdk-lib/aws-securitylake';
import { NagRuleCompliance } from 'cdk-nag';
import { declareResidency, rules } from '../../../lib/compliance';

function stacks() {
  const app = new App();
  const london = new Stack(app, 'London', { env: { account: '111122223333', region: 'eu-west-2' } });
  const frankfurt = new Stack(app, 'Frankfurt', { env: { account: '111122223333', region: 'eu-central-1' } });
  declareResidency(london, { zone: 'UK', regions: ['eu-west-2'] });
  return { london, frankfurt, localBucket: new s3.Bucket(london, 'Local'), remoteBucket: new s3.Bucket(frankfurt, 'Remote') };
}
const { COMPLIANT, NON_COMPLIANT } = NagRuleCompliance;

describe('Halo-SecurityDataStaysInZone', () => {
  test('passes a single-region trail and a Config channel into a bucket of the region', () => {
    const { london, localBucket } = stacks();
    expect(rules.SecurityDataStaysInZone(new cloudtrail.CfnTrail(london, 'Trail', { isLogging: true, s3BucketName: localBucket.bucketName }))).toBe(COMPLIANT);
    expect(rules.SecurityDataStaysInZone(new config.CfnDeliveryChannel(london, 'Channel', { s3BucketName: localBucket.bucketName }))).toBe(COMPLIANT);
  });

  test('fails a multi-region trail, and delivery to a bucket in another region or one it cannot place', () => {
    const { london, localBucket, remoteBucket } = stacks();
    expect(
      rules.SecurityDataStaysInZone(
        new cloudtrail.CfnTrail(london, 'All', { isLogging: true, isMultiRegionTrail: true, s3BucketName: localBucket.bucketName }),
      ),
    ).toBe(NON_COMPLIANT);
    expect(rules.SecurityDataStaysInZone(new cloudtrail.CfnTrail(london, 'Remote', { isLogging: true, s3BucketName: remoteBucket.bucketName }))).toBe(
      NON_COMPLIANT,
    );
    expect(rules.SecurityDataStaysInZone(new config.CfnDeliveryChannel(london, 'Unknown', { s3BucketName: 'someone-elses-bucket' }))).toBe(NON_COMPLIANT);
  });

  test('fails Security Lake replication and Security Hub aggregation out of the zone', () => {
    const { london } = stacks();
    expect(rules.SecurityDataStaysInZone(new securitylake.CfnDataLake(london, 'Lake', { replicationConfiguration: { regions: ['eu-central-1'] } }))).toBe(
      NON_COMPLIANT,
    );
    expect(rules.SecurityDataStaysInZone(new securitylake.CfnDataLake(london, 'Quiet', {}))).toBe(COMPLIANT);
    expect(rules.SecurityDataStaysInZone(new securityhub.CfnFindingAggregator(london, 'AllRegions', { regionLinkingMode: 'ALL_REGIONS' }))).toBe(NON_COMPLIANT);
    expect(
      rules.SecurityDataStaysInZone(
        new securityhub.CfnFindingAggregator(london, 'Frankfurt', { regionLinkingMode: 'SPECIFIED_REGIONS', regions: ['eu-central-1'] }),
      ),
    ).toBe(NON_COMPLIANT);
  });
});
