import { Match } from 'aws-cdk-lib/assertions';
import { fixtureStage } from './fixtures/assembly';

describe('Security stack', () => {
  const london = fixtureStage('London');
  const template = london.template('Security');

  test("is named for its region and layer, termination-protected, in the region's account", () => {
    expect(london.stack('Security')).toMatchObject({
      stackName: 'halo-london-security',
      terminationProtection: true,
      region: 'eu-west-2',
      account: '111122223333',
    });
  });

  test('holds four customer-managed keys (data, backup, logs, sessions) that rotate and are retained', () => {
    template.resourceCountIs('AWS::KMS::Key', 4);
    const keys = template.findResources('AWS::KMS::Key');
    for (const key of Object.values(keys)) {
      expect(key.Properties.EnableKeyRotation).toBe(true);
      expect(key.Properties.PendingWindowInDays).toBe(30);
      expect(key.DeletionPolicy).toBe('Retain');
      expect(key.UpdateReplacePolicy).toBe('Retain');
    }
    for (const name of ['data', 'backup', 'logs', 'sessions']) {
      template.hasResourceProperties('AWS::KMS::Alias', { AliasName: `alias/halo/london/${name}` });
    }
  });

  test("lets CloudWatch Logs in this region use the logs key, only for this account's log groups", () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('log groups'),
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logs.eu-west-2.amazonaws.com' },
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-2:111122223333:log-group:*' } },
          }),
        ]),
      },
    });
  });

  test('lets account principals use the data key only through EBS, FSx, Secrets Manager and S3', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('data at rest'),
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'UseThroughServices',
            Principal: { AWS: 'arn:aws:iam::111122223333:root' },
            Condition: {
              StringEquals: {
                'kms:ViaService': [
                  'ec2.eu-west-2.amazonaws.com',
                  'fsx.eu-west-2.amazonaws.com',
                  'secretsmanager.eu-west-2.amazonaws.com',
                  's3.eu-west-2.amazonaws.com',
                ],
              },
            },
          }),
        ]),
      },
    });
  });

  test('lets account principals use the backup key only through AWS Backup, and EC2 for copies of EC2 recovery points', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: 'Halo AWS Backup vaults',
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'UseThroughServices',
            Condition: { StringEquals: { 'kms:ViaService': ['backup.eu-west-2.amazonaws.com', 'ec2.eu-west-2.amazonaws.com'] } },
          }),
        ]),
      },
    });
  });

  test('lets the Auto Scaling service-linked role use the data key as AWS documents, named by aws:PrincipalArn (it may not exist yet)', () => {
    const slr = {
      StringEquals: {
        'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
        'aws:PrincipalAccount': '111122223333',
      },
    };
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('data at rest'),
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AutoScalingServiceLinkedRoleUse',
            Principal: { AWS: '*' },
            Condition: slr,
            Action: Match.arrayWith(['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*']),
          }),
          Match.objectLike({
            Sid: 'AutoScalingServiceLinkedRoleGrants',
            Principal: { AWS: '*' },
            Action: 'kms:CreateGrant',
            Condition: { ...slr, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
          }),
        ]),
      },
    });
  });

  test("lets CloudTrail describe the logs key without an encryption context, and encrypt only with its trails' context", () => {
    const trails = { 'aws:SourceArn': 'arn:aws:cloudtrail:eu-west-2:111122223333:trail/*' };
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('log groups'),
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'CloudTrailEncryptsLogs',
            Action: 'kms:GenerateDataKey*',
            Condition: Match.objectLike({ StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:eu-west-2:111122223333:trail/*' } }),
          }),
          Match.objectLike({
            Sid: 'CloudTrailDescribesKey',
            Action: 'kms:DescribeKey',
            Condition: { ArnLike: trails, StringEquals: { 'aws:SourceAccount': '111122223333' } },
          }),
        ]),
      },
    });
  });

  test('keeps Session Manager sessions under their own key, used directly and only by principals of the account', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('Session Manager'),
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'SessionManagerDirectUse',
            Principal: { AWS: 'arn:aws:iam::111122223333:root' },
            Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'],
            Condition: { StringEquals: { 'kms:CallerAccount': '111122223333' } },
          }),
        ]),
      },
    });
  });

  test('grants no principal kms:*, and names anyone (*) only with aws:PrincipalArn and aws:PrincipalAccount of this account', () => {
    for (const key of Object.values(template.findResources('AWS::KMS::Key'))) {
      for (const statement of key.Properties.KeyPolicy.Statement.filter((s: { Effect: string }) => s.Effect === 'Allow')) {
        expect(statement.Action).not.toContain('kms:*');
        if (JSON.stringify(statement.Principal) === '{"AWS":"*"}') {
          expect(statement.Condition.StringEquals).toMatchObject({
            'aws:PrincipalAccount': '111122223333',
            'aws:PrincipalArn': expect.stringMatching(/^arn:aws:iam::111122223333:role\//),
          });
        }
      }
    }
  });

  test('lets no one create a grant except for an AWS resource or as an AWS service (Control Tower CT.KMS.PR.3)', () => {
    const keys = Object.values(template.findResources('AWS::KMS::Key'));
    expect(keys).toHaveLength(4);
    for (const key of keys) {
      expect(key.Properties.KeyPolicy.Statement).toContainEqual({
        Sid: 'GrantsOnlyForAwsResources',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      });
    }
  });
});
