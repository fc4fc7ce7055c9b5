import { holdsUnresolved, SynthesizedStack, SynthesizedTemplates } from '../../lib/proofs/synthesized-templates';

const stack = (stackName: string, resources: Record<string, unknown>, outputs: Record<string, unknown> = {}): SynthesizedStack => ({
  stackName,
  account: '111122223333',
  region: 'eu-west-2',
  template: { Resources: resources as never, Outputs: outputs as never },
});

const producer = stack(
  'halo-london-security',
  {
    Key: { Type: 'AWS::KMS::Key', Properties: {} },
    Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'halo-operator-london', Path: '/' } },
    Unnamed: { Type: 'AWS::IAM::Role', Properties: {} },
    Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
    Secret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
    Odd: { Type: 'AWS::Some::Thing', Properties: {} },
  },
  {
    KeyArn: { Value: { 'Fn::GetAtt': ['Key', 'Arn'] }, Export: { Name: 'halo-london-key' } },
  },
);
const consumer = stack('halo-london-app', {
  Secret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
  Policy: {
    Type: 'AWS::IAM::ManagedPolicy',
    Properties: {
      PolicyDocument: {
        Statement: [
          { Resource: { 'Fn::GetStackOutput': { StackName: 'halo-london-security', Region: 'eu-west-2', OutputName: 'KeyArn' } } },
          { Resource: { 'Fn::ImportValue': 'halo-london-key' } },
          { Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] }]] } },
          { Resource: { 'Fn::Sub': ['arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:${Name}', { Name: 'flow' }] } },
          { Condition: { StringEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': ['Nowhere', 'Arn'] } } } },
        ],
      },
    },
  },
});
const templates = new SynthesizedTemplates([producer, consumer]);

describe('synthesized templates, read as one deployed account', () => {
  test('evaluate Ref, Fn::GetAtt, Fn::Join, Fn::Select, Fn::Split, Fn::Sub, Fn::GetStackOutput and Fn::ImportValue', () => {
    const [policy] = templates.resourcesOfType('AWS::IAM::ManagedPolicy');
    const statements = (policy.properties.PolicyDocument as { Statement: { Resource?: string; Condition?: unknown }[] }).Statement;
    const keyArn = templates.resolve(producer, { 'Fn::GetAtt': ['Key', 'Arn'] });
    expect(keyArn).toMatch(/^arn:aws:kms:eu-west-2:111122223333:key\/[0-9a-f-]+$/);
    expect(statements[0].Resource).toBe(keyArn);
    expect(statements[1].Resource).toBe(keyArn);
    expect(statements[2].Resource).toBe('arn:aws:s3:::b');
    expect(statements[3].Resource).toBe('arn:aws:logs:eu-west-2:111122223333:log-group:flow');
  });

  test('keep configured names and give others stable names unique to their stack', () => {
    expect(templates.resolve(producer, { 'Fn::GetAtt': ['Role', 'Arn'] })).toBe('arn:aws:iam::111122223333:role/halo-operator-london');
    const unnamed = templates.resolve(producer, { 'Fn::GetAtt': ['Unnamed', 'Arn'] });
    expect(unnamed).toMatch(/^arn:aws:iam::111122223333:role\/halo-london-security-Unnamed-[0-9A-F]{8}$/);
    expect(templates.resolve(producer, { 'Fn::GetAtt': ['Unnamed', 'Arn'] })).toBe(unnamed);
    // The same logical id in two stacks is two resources.
    expect(templates.resolve(producer, { Ref: 'Secret' })).not.toBe(templates.resolve(consumer, { Ref: 'Secret' }));
    expect(templates.resolve(producer, { Ref: 'Bucket' })).toMatch(/^[a-z0-9-]{3,63}$/);
  });

  test('mark what they cannot know, so a policy holding it is never judged', () => {
    expect(holdsUnresolved(templates.resolve(producer, { 'Fn::GetAtt': ['Odd', 'Arn'] }))).toBe(true);
    expect(holdsUnresolved(templates.resolve(producer, { Ref: 'Odd' }))).toBe(true);
    const [policy] = templates.resourcesOfType('AWS::IAM::ManagedPolicy');
    expect(holdsUnresolved(policy.properties)).toBe(true);
    expect(holdsUnresolved(templates.resolve(producer, { Ref: 'Key' }))).toBe(false);
  });
});
