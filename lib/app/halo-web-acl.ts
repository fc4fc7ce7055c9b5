import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { stackInstanceId } from '../stack-instance';
import { acknowledgeCrossStackReference } from '../compliance/standard-acknowledgements';
import { proveAllowed, proveLogsCanUseKey } from '../proofs';

/** WAF delivers only to log groups whose names start so. */
export const WAF_LOG_GROUP_PREFIX = 'aws-waf-logs-';

/** AWS managed rule groups every public endpoint runs, in priority order. */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
] as const;

/** The label the common rule set's SizeRestrictions_BODY rule puts on a request whose body exceeds 8 KB. */
export const OVERSIZED_BODY_LABEL = 'awswaf:managed:aws:core-rule-set:SizeRestrictions_Body';

/** One statement as is, or several under an OR (WAF requires at least two in an OR). */
function orStatement(statements: wafv2.CfnWebACL.StatementProperty[]): wafv2.CfnWebACL.StatementProperty {
  return statements.length === 1 ? statements[0] : { orStatement: { statements } };
}

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
  /**
   * Path prefixes that legitimately receive request bodies over 8 KB (attachment uploads, API posts). The common rule
   * set's SizeRestrictions_BODY only counts; a rule after it blocks oversized bodies everywhere else.
   * @default ['/api/']
   */
  readonly largeBodyPathPrefixes?: readonly string[];
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
    if (!Number.isInteger(limit) || limit < 10)
      throw new Error(`HaloWebAcl ${this.node.path}: apiCallsPerMinute must be a whole number of at least 10 (the WAF minimum), got ${limit}`);
    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
    const largeBodyPaths = props.largeBodyPathPrefixes ?? ['/api/'];
    if (largeBodyPaths.length === 0 || largeBodyPaths.some((p) => !/^\/[\w./-]*$/.test(p))) {
      throw new Error(
        `HaloWebAcl ${this.node.path}: largeBodyPathPrefixes must be one or more URI path prefixes starting with "/", got ${JSON.stringify(largeBodyPaths)}`,
      );
    }
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
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: group,
              // Bodies over 8 KB are labelled, not blocked here: the rule below decides by path.
              ruleActionOverrides: group === 'AWSManagedRulesCommonRuleSet' ? [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }] : undefined,
            },
          },
          visibilityConfig: visibility(`${props.name}-${group}`),
        })),
        {
          name: 'OversizedBodyOutsideUploadPaths',
          priority: MANAGED_RULE_GROUPS.length,
          action: { block: {} },
          statement: {
            andStatement: {
              statements: [
                { labelMatchStatement: { scope: 'LABEL', key: OVERSIZED_BODY_LABEL } },
                {
                  notStatement: {
                    statement: orStatement(
                      largeBodyPaths.map((prefix) => ({
                        byteMatchStatement: {
                          searchString: prefix,
                          fieldToMatch: { uriPath: {} },
                          positionalConstraint: 'STARTS_WITH',
                          textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
                        },
                      })),
                    ),
                  },
                },
              ],
            },
          },
          visibilityConfig: visibility(`${props.name}-oversized-body`),
        },
        {
          name: 'ApiRateBaseline',
          priority: MANAGED_RULE_GROUPS.length + 1,
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
    // The group is retained when its stack is deleted: a suffix from the stack's id lets the stack be created again.
    const logGroupName = `${WAF_LOG_GROUP_PREFIX}${props.name}-${stackInstanceId()}`;
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName,
      encryptionKey: props.logsKey,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [
        Stack.of(this).formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      ],
    });
    logging.addResourceDependency(this.logGroup.node.defaultChild as logs.CfnLogGroup);
    const stack = Stack.of(this);
    const delivery = { service: 'delivery.logs.amazonaws.com', sourceAccount: stack.account, sourceArn: stack.formatArn({ service: 'logs', resource: '*' }) };
    for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
      proveAllowed(this, {
        id: `WafLogDelivery${action.split(':')[1]}`,
        actor: delivery,
        action,
        resource: stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: `${logGroupName}:log-stream:${stack.region}_${props.name}_0`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
        why: "WAF delivers its logs through CloudWatch Logs' delivery service, which writes only where the account's log resource policy lets it.",
      });
    }
    proveLogsCanUseKey(this.logGroup, props.logsKey);
    acknowledgeCrossStackReference(
      this.logGroup,
      ['cloudwatch_log_group_encrypted_check'],
      "The log group's KMS key (the region's logs key)",
      "The packs' CloudWatchLogGroupEncrypted rules",
    );
  }
}
