import { parse } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnListener, CfnListenerRule } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { NagRuleCompliance } from 'cdk-nag';
import { referencedResource } from './resource-graph';

type Action = { type?: unknown; redirectConfig?: { protocol?: unknown } };
const redirectsToHttps = (actions: Action[]) => actions.length > 0 && actions.every((a) => a.type === 'redirect' && a.redirectConfig?.protocol === 'HTTPS');

/**
 * Every plain-HTTP listener, and every rule on one, only redirects to HTTPS: stricter than ALBHttpToHttpsRedirection, which passes a listener with any HTTPS redirect among its default actions and never reads its rules.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    const stack = Stack.of(node);
    if (node instanceof CfnListener) {
      if (stack.resolve(node.protocol) !== 'HTTP') return NagRuleCompliance.NOT_APPLICABLE;
      return redirectsToHttps((stack.resolve(node.defaultActions) ?? []) as Action[]) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    if (node instanceof CfnListenerRule) {
      const listener = referencedResource(node.listenerArn);
      if (!(listener instanceof CfnListener) || stack.resolve(listener.protocol) !== 'HTTP') return NagRuleCompliance.NOT_APPLICABLE;
      return redirectsToHttps((stack.resolve(node.actions) ?? []) as Action[]) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.NOT_APPLICABLE;
  },
  'name',
  { value: parse(__filename).name },
);
