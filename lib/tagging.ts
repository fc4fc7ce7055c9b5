import { Tags } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Resource types whose Tags property CloudFormation does not accept in every region the app deploys to (cfn-lint's
 * per-region schemas reject it: E3002), although aws-cdk-lib tags them: tagging them could fail a deployment there.
 */
export const NOT_TAGGED = [
  'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::ElasticLoadBalancingV2::ListenerRule',
  'AWS::SSM::Association',
  'AWS::CloudWatch::Dashboard',
] as const;

/** Tags every taggable resource under a scope, except the types some regions refuse tags on. */
export function tagAll(scope: IConstruct, key: string, value: string): void {
  Tags.of(scope).add(key, value, { excludeResourceTypes: [...NOT_TAGGED] });
}
