import { runSimulation } from '@cloud-copilot/iam-simulate';
import { settleEncryptionContext, withoutEncryptionContext } from '../../lib/proofs/encryption-context';

const KEY = 'arn:aws:kms:eu-west-2:111122223333:key/1234abcd-0000-4000-8000-000000000000';
const TRAIL = 'arn:aws:cloudtrail:eu-west-2:111122223333:trail/halo-london';
const statement = (condition: Record<string, Record<string, unknown>>, effect = 'Allow') => ({
  Effect: effect,
  Principal: { Service: 'cloudtrail.amazonaws.com' },
  Action: 'kms:GenerateDataKey',
  Resource: '*',
  Condition: condition,
});
const settle = (condition: Record<string, Record<string, unknown>>, context: Record<string, string>, effect = 'Allow') =>
  settleEncryptionContext({ Version: '2012-10-17', Statement: [statement(condition, effect)] }, context).Statement as Record<string, unknown>[];

describe('kms:EncryptionContext conditions, decided before simulation', () => {
  test('the simulator alone (iam-simulate 0.1.173) drops the key and refuses what the policy allows: the reason for this module', async () => {
    const result = await runSimulation(
      {
        request: {
          principal: 'cloudtrail.amazonaws.com',
          action: 'kms:GenerateDataKey',
          resource: { resource: KEY, accountId: '111122223333' },
          contextVariables: { 'kms:EncryptionContext:aws:cloudtrail:arn': TRAIL },
        },
        identityPolicies: [],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: {
          Version: '2012-10-17',
          Statement: [statement({ StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } })],
        },
      },
      {},
    );
    expect(result.resultType).toBe('single');
    if (result.resultType !== 'single') return;
    expect(result.result.ignoredContextKeys).toEqual(['kms:EncryptionContext:aws:cloudtrail:arn']);
    expect(result.overallResult).toBe('ImplicitlyDenied');
  });

  test('a condition that holds is removed, and the statement keeps its other conditions', () => {
    const [kept] = settle(
      {
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:111122223333:trail/*' },
        StringEquals: { 'aws:SourceAccount': '111122223333' },
      },
      { 'kms:EncryptionContext:aws:cloudtrail:arn': TRAIL },
    );
    expect(kept.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '111122223333' } });
  });

  test('a condition that fails drops its statement, Allow or Deny', () => {
    expect(
      settle(
        { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:999988887777:trail/*' } },
        { 'kms:EncryptionContext:aws:cloudtrail:arn': TRAIL },
      ),
    ).toEqual([]);
    expect(
      settle(
        { StringEquals: { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::other' } },
        { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::mine' },
        'Deny',
      ),
    ).toEqual([]);
  });

  test('an absent key fails a positive operator, satisfies a negated one or IfExists, and decides Null', () => {
    const absent = {};
    expect(settle({ StringEquals: { 'kms:EncryptionContext:k': 'v' } }, absent)).toEqual([]);
    expect(settle({ StringNotEquals: { 'kms:EncryptionContext:k': 'v' } }, absent)).toHaveLength(1);
    expect(settle({ StringEqualsIfExists: { 'kms:EncryptionContext:k': 'v' } }, absent)).toHaveLength(1);
    expect(settle({ Null: { 'kms:EncryptionContext:k': 'true' } }, absent)).toHaveLength(1);
    expect(settle({ Null: { 'kms:EncryptionContext:k': 'false' } }, { 'kms:EncryptionContext:k': 'v' })).toHaveLength(1);
    expect(settle({ Null: { 'kms:EncryptionContext:k': 'false' } }, absent)).toEqual([]);
  });

  test('ArnLike compares each part of the ARN, so a wildcard does not cross a colon', () => {
    const context = { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-2:111122223333:log-group:flow' };
    expect(settle({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-2:111122223333:log-group:*' } }, context)).toHaveLength(1);
    expect(settle({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:*:999988887777:log-group:*' } }, context)).toEqual([]);
    expect(settle({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-2:*' } }, context)).toEqual([]);
  });

  test('several values match any; keys compare case-insensitively; set operators treat one value as a set of one', () => {
    const context = { 'KMS:EncryptionContext:SecretARN': 'arn:b' };
    expect(settle({ StringEquals: { 'kms:EncryptionContext:SecretARN': ['arn:a', 'arn:b'] } }, context)).toHaveLength(1);
    expect(settle({ 'ForAnyValue:StringEquals': { 'kms:EncryptionContext:SecretARN': 'arn:b' } }, context)).toHaveLength(1);
    expect(settle({ 'ForAllValues:StringEquals': { 'kms:EncryptionContext:SecretARN': 'arn:a' } }, {})).toHaveLength(1);
  });

  test('an operator or a policy variable it cannot decide throws: never treated as met or absent', () => {
    expect(() => settle({ NumericLessThan: { 'kms:EncryptionContext:k': '3' } }, { 'kms:EncryptionContext:k': '1' })).toThrow(
      /NumericLessThan.*not one this evaluator decides/,
    );
    expect(() => settle({ StringEquals: { 'kms:EncryptionContext:k': '${aws:username}' } }, { 'kms:EncryptionContext:k': 'v' })).toThrow(/policy variable/);
  });

  test('statements without such conditions pass through, and the context loses only the decided keys', () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    expect(settleEncryptionContext(policy, {}).Statement).toEqual(policy.Statement);
    expect(withoutEncryptionContext({ 'kms:EncryptionContext:a': '1', 'kms:ViaService': 's3', 'kms:EncryptionContextKeys': 'a' })).toEqual({
      'kms:ViaService': 's3',
      'kms:EncryptionContextKeys': 'a',
    });
  });
});
