import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IDependable } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';
import { guardRule } from '../compliance/standard-acknowledgements';
import type { SECURITY_HUB_STANDARDS } from '../config';

/** Standards ARNs by configuration name; `<region>` is filled in. */
const STANDARD_ARNS: Record<(typeof SECURITY_HUB_STANDARDS)[number], string> = {
  'aws-foundational-security-best-practices': 'standards/aws-foundational-security-best-practices/v/1.0.0',
  'cis-aws-foundations-benchmark-3.0.0': 'standards/cis-aws-foundations-benchmark/v/3.0.0',
  'pci-dss-4.0.1': 'standards/pci-dss/v/4.0.1',
  'nist-800-53-r5': 'standards/nist-800-53/v/5.0.0',
};

/** The ARN of a configured Security Hub standard in a region. */
export function standardArn(region: string, name: (typeof SECURITY_HUB_STANDARDS)[number], partition = 'aws'): string {
  return `arn:${partition}:securityhub:${region}::${STANDARD_ARNS[name]}`;
}

/**
 * GuardDuty features the detector turns on (features only: never DataSources as well). Runtime Monitoring is off:
 * its agent runs on Linux only, and every fleet and SQL node is Windows; agentless EBS malware scans cover them.
 */
export const GUARDDUTY_FEATURES: guardduty.CfnDetector.CFNFeatureConfigurationProperty[] = [
  { name: 'S3_DATA_EVENTS', status: 'ENABLED' },
  { name: 'EBS_MALWARE_PROTECTION', status: 'ENABLED' },
  { name: 'RUNTIME_MONITORING', status: 'DISABLED' },
];

/** Properties of {@link ThreatDetection}. */
export interface ThreatDetectionProps {
  readonly standards: readonly (typeof SECURITY_HUB_STANDARDS)[number][];
  readonly alertTopic: sns.ITopic;
  /**
   * Security Hub's controls evaluate AWS Config: the hub's standards wait for the recorder.
   * @default none (the organization runs AWS Config)
   */
  readonly configRecorder?: IDependable;
  /**
   * Create the GuardDuty detector; false where the organization's delegated administrator runs GuardDuty.
   * @default true
   */
  readonly createDetector?: boolean;
  /**
   * Enable Security Hub and its standards; false where the organization's delegated administrator runs it.
   * @default true
   */
  readonly createHub?: boolean;
}

/**
 * GuardDuty (S3 data events, EBS malware protection, findings every 15 minutes)
 * and Security Hub (consolidated control findings, the configured standards), with high and critical
 * findings of both sent to the alert topic. No cross-region aggregation: findings stay in the region.
 */
export class ThreatDetection extends Construct {
  /** The detector, unless the organization runs GuardDuty. */
  public readonly detector?: guardduty.CfnDetector;
  /** The hub, unless the organization runs Security Hub. */
  public readonly hub?: securityhub.CfnHub;
  public readonly standards: securityhub.CfnStandard[];

  constructor(scope: Construct, id: string, props: ThreatDetectionProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    if (props.createDetector ?? true) {
      this.detector = new guardduty.CfnDetector(this, 'Detector', {
        enable: true,
        findingPublishingFrequency: 'FIFTEEN_MINUTES',
        features: GUARDDUTY_FEATURES,
      });
      acknowledge(this.detector, guardRule('guardduty_s3_protection_enabled_check'), {
        reason:
          'S3 protection is on through the S3_DATA_EVENTS feature; GuardDuty refuses DataSources alongside Features, and the Control Tower rule reads only DataSources.',
        compensatingControl:
          'GUARDDUTY_FEATURES turns S3_DATA_EVENTS on (the security stack tests check it), and high and critical findings reach the alert topic.',
      });
    }
    const hub =
      (props.createHub ?? true)
        ? new securityhub.CfnHub(this, 'Hub', { controlFindingGenerator: 'SECURITY_CONTROL', enableDefaultStandards: false, autoEnableControls: true })
        : undefined;
    this.hub = hub;
    this.standards = hub
      ? props.standards.map((name) => {
          const standard = new securityhub.CfnStandard(this, `Standard-${name}`, { standardsArn: standardArn(region, name, Stack.of(this).partition) });
          standard.node.addDependency(hub, ...(props.configRecorder ? [props.configRecorder] : []));
          return standard;
        })
      : [];
    new events.Rule(this, 'GuardDutyHighFindings', {
      description: 'GuardDuty findings of severity 7 or more',
      eventPattern: { source: ['aws.guardduty'], detailType: ['GuardDuty Finding'], detail: { severity: [{ numeric: ['>=', 7] }] } },
      targets: [new targets.SnsTopic(props.alertTopic)],
    });
    new events.Rule(this, 'SecurityHubCriticalAndHigh', {
      description: 'Security Hub findings labelled CRITICAL or HIGH',
      eventPattern: {
        source: ['aws.securityhub'],
        detailType: ['Security Hub Findings - Imported'],
        detail: { findings: { Severity: { Label: ['CRITICAL', 'HIGH'] }, Workflow: { Status: ['NEW'] } } },
      },
      targets: [new targets.SnsTopic(props.alertTopic)],
    });
  }
}
