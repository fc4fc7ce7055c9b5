import { parse } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnListener } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { NagRuleCompliance } from 'cdk-nag';
import { HSTS_ATTRIBUTE, MIN_HSTS_MAX_AGE_SECONDS } from '../../config/tls-policies';

/**
 * Every HTTPS listener sets Strict-Transport-Security with a max-age of at least a year and includeSubDomains.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnListener) || Stack.of(node).resolve(node.protocol) !== 'HTTPS') return NagRuleCompliance.NOT_APPLICABLE;
    const attributes = (Stack.of(node).resolve(node.listenerAttributes) ?? []) as { key?: unknown; value?: unknown }[];
    const header = attributes.find((a) => a.key === HSTS_ATTRIBUTE)?.value;
    if (typeof header !== 'string') return NagRuleCompliance.NON_COMPLIANT;
    const maxAge = Number(/max-age=(\d+)/i.exec(header)?.[1] ?? 0);
    return maxAge >= MIN_HSTS_MAX_AGE_SECONDS && /includeSubDomains/i.test(header) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
