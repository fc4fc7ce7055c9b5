import { readFileSync } from 'fs';
import { join } from 'path';
import { acceptedBy, LintConfiguration, LintMatch } from '../../lib/compliance/template-lint';

const config = JSON.parse(readFileSync(join(__dirname, '..', '..', 'lint', 'cfn-lint.json'), 'utf8')) as LintConfiguration;
const match = (rule: string, message: string): LintMatch => ({
  Rule: { Id: rule },
  Location: { Path: ['Resources', 'X'] },
  Filename: 't.json',
  Message: message,
});
const template = () => ({ Resources: { FnRole: { Type: 'AWS::IAM::Role' }, Queue: { Type: 'AWS::SQS::Queue' } } });

describe('cfn-lint findings the project accepts (lint/cfn-lint.json)', () => {
  test('each has a reason, for the cfn-lint version the machines run', () => {
    expect(config.cfnLintVersion).toBe('1.51.0');
    config.accepted.forEach((a) => expect(a.reason.length).toBeGreaterThan(60));
    expect(config.accepted.map((a) => a.rule)).toEqual(['W3010', 'W3005']);
  });

  test('an acceptance narrowed by messageIncludes takes only the findings whose message names it', () => {
    const narrowed = { ...config, accepted: [{ rule: 'E1022', messageIncludes: 'Fn::GetStackOutput', reason: 'as an example' }] };
    expect(acceptedBy(match('E1022', "{'Fn::GetStackOutput': {...}} is not of type 'string'"), narrowed, template)?.rule).toBe('E1022');
    expect(acceptedBy(match('E1022', "{'Ref': 'X'} is not of type 'string'"), narrowed, template)).toBeUndefined();
  });

  test('W3005 only for the DependsOn aws-cdk-lib adds on a role or a listener', () => {
    expect(acceptedBy(match('W3005', "'FnRole' dependency already enforced by a 'GetAtt' at 'Resources/Fn/Properties/Role'"), config, template)?.rule).toBe(
      'W3005',
    );
    expect(acceptedBy(match('W3005', "'Queue' dependency already enforced by a 'Ref' at 'Resources/Fn/Properties/Q'"), config, template)).toBeUndefined();
  });

  test('nothing else: an error such as E3002 or E3712 is never accepted', () => {
    expect(acceptedBy(match('E3002', "Additional properties are not allowed ('Tags' was unexpected)"), config, template)).toBeUndefined();
    expect(
      acceptedBy(
        match('E3712', 'TargetTrackingScaling policy requires the referenced AutoScalingGroup to have MaxSize greater than MinSize'),
        config,
        template,
      ),
    ).toBeUndefined();
  });
});
