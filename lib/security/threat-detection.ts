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

/** GuardDuty features the detector turns on (features only: never DataSources as well). */
export const GUARDDUTY_FEATURES: guardduty.CfnDetector.CFNFeatureConfigurationProperty[] = [
  { name: 'S3_DATA_EVENTS', status: 'ENABLED' },
  { name: 'EBS_MALWARE_PROTECTION', status: 'ENABLED' },
  { name: 'RUNTIME_MONITORING', status: 'ENABLED', additionalConfiguration: [{ name: 'EC2_AGENT_MANAGEMENT', status: 'ENABLED' }] },
];

/** Properties of {@link ThreatDetection}. */
export interface ThreatDetectionProps {
  readonly standards: readonly (typeof SECURITY_HUB_STANDARDS)[number][];
  readonly alertTopic: sns.ITopic;
  /** Security Hub's controls evaluate AWS Config: the hub's standards wait for the recorder. */
  readonly configRecorder: IDependable;
}

/**
 * GuardDuty (S3 data events, EBS malware protection, EC2 runtime monitoring, findings every 15 minutes)
 * and Security Hub (consolidated control findings, the configured standards), with high and critical
 * findings of both sent to the alert topic. No cross-region aggregation: findings stay in the region.
 */
export class ThreatDetection extends Construct {
  public readonly detector: guardduty.CfnDetector;
  public readonly hub: securityhub.CfnHub;
  public readonly standards: securityhub.CfnStandard[];

  constructor(scope: Construct, id: string, props: ThreatDetectionProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    this.detector = new guardduty.CfnDetector(this, 'Detector', {
      enable: true,
      findingPublishingFrequency: 'FIFTEEN_MINUTES',
      features: GUARDDUTY_FEATURES,
    });
    acknowledge(this.detector, guardRule('guardduty_s3_protection_enabled_check'), {
      reason: 'S3 protection is on through the S3_DATA_EVENTS feature; GuardDuty refuses DataSources alongside Features, and the Control Tower rule reads only DataSources.',
      compensatingControl: 'GUARDDUTY_FEATURES turns S3_DATA_EVENTS on (the security stack tests check it), and high and critical findings reach the alert topic.',
    });
    this.hub = new securityhub.CfnHub(this, 'Hub', { controlFindingGenerator: 'SECURITY_CONTROL', enableDefaultStandards: false, autoEnableControls: true });
    this.standards = props.standards.map((name) => {
      const standard = new securityhub.CfnStandard(this, `Standard-${name}`, { standardsArn: `arn:${Stack.of(this).partition}:securityhub:${region}::${STANDARD_ARNS[name]}` });
      standard.node.addDependency(this.hub, props.configRecorder);
      return standard;
    });
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
