import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { acknowledgeCrossStackReference } from '../compliance/standard-acknowledgements';

/** AWS managed rule groups every public endpoint runs, in priority order. */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
] as const;

/** Properties of {@link HaloWebAcl}. */
export interface HaloWebAclProps {
  /** Name of the web ACL, also used for its metrics and log group. */
  readonly name: string;
  /** Load balancers the ACL protects. */
  readonly resourceArns: readonly string[];
  /**
   * Calls per client (IP) per minute allowed on the API path: the published baseline for client-built integrations.
   * @default 200
   */
  readonly apiCallsPerMinute?: number;
  /**
   * Path prefix of the API.
   * @default '/api/'
   */
  readonly apiPathPrefix?: string;
  /** Key for the WAF log group (the region's logs key). */
  readonly logsKey: kms.IKey;
  /** Days WAF logs are kept. */
  readonly logRetention: logs.RetentionDays;
}

/**
 * A regional web ACL: AWS managed rules (IP reputation, common, known bad inputs, SQL injection)
 * and a rate-based rule holding each client to the API baseline; full logs to an encrypted log group.
 */
export class HaloWebAcl extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HaloWebAclProps) {
    super(scope, id);
    const limit = props.apiCallsPerMinute ?? 200;
    if (!Number.isInteger(limit) || limit < 10) throw new Error(`HaloWebAcl ${this.node.path}: apiCallsPerMinute must be a whole number of at least 10 (the WAF minimum), got ${limit}`);
    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: props.name,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(props.name),
      rules: [
        ...MANAGED_RULE_GROUPS.map((group, priority) => ({
          name: group,
          priority,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: group } },
          visibilityConfig: visibility(`${props.name}-${group}`),
        })),
        {
          name: 'ApiRateBaseline',
          priority: MANAGED_RULE_GROUPS.length,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit,
              evaluationWindowSec: 60,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                byteMatchStatement: {
                  searchString: props.apiPathPrefix ?? '/api/',
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: 'STARTS_WITH',
                  textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
                },
              },
            },
          },
          visibilityConfig: visibility(`${props.name}-api-rate`),
        },
      ],
    });
    props.resourceArns.forEach((arn, i) => new wafv2.CfnWebACLAssociation(this, `Association${i}`, { resourceArn: arn, webAclArn: this.webAcl.attrArn }));

    // WAF delivers only to log groups named aws-waf-logs-*, addressed without the trailing ':*'.
    const logGroupName = `aws-waf-logs-${props.name}`;
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName,
      encryptionKey: props.logsKey,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [Stack.of(this).formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    });
    logging.addResourceDependency(this.logGroup.node.defaultChild as logs.CfnLogGroup);
    acknowledgeCrossStackReference(this.logGroup, ['cloudwatch_log_group_encrypted_check'], 'The log group\'s KMS key (the region\'s logs key)', 'The packs\' CloudWatchLogGroupEncrypted rules');
  }
}
